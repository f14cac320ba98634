/**
 * Protocol details answered as the protocols say, and nothing of the client's making logged as an
 * internal error: MCP tools/call with malformed params is −32602 Invalid params; an empty JSON-RPC batch
 * is one −32600 Invalid Request (HTTP 400); a WebSocket subscription with bad input is BAD_REQUEST with
 * the VALIDATION issues, as over HTTP; an oversized WebSocket frame closes the socket with 1009.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TRPCClientError } from '@trpc/client';
import { ConfigSchema, startServer, type AppRouter, type RunningServer } from '@agent-coordinator/server';
import { LIMITS } from '@agent-coordinator/shared';
import { connect } from '../support/coordinator.ts';

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

interface JsonRpcAnswer {
  readonly error?: { readonly code: number; readonly message: string };
  readonly result?: unknown;
}

/** A JSON-RPC answer, whether sent as JSON or as the first event of an SSE stream. */
async function answerOf(res: Response): Promise<JsonRpcAnswer> {
  const text = await res.text();
  const data = /^data: (.*)$/m.exec(text)?.[1] ?? text;
  return JSON.parse(data) as JsonRpcAnswer;
}

describe('protocol errors', function () {
  this.timeout(120_000);
  let dir = '';
  let server: RunningServer;
  const internalErrors: unknown[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-protocol-'));
    server = await startServer(ConfigSchema.parse({ port: 0, host: '127.0.0.1', dataDir: dir }), (error) => internalErrors.push(error));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    assert.deepEqual(internalErrors, [], 'nothing here is an internal error');
  });

  const mcpSession = async (): Promise<Record<string, string>> => {
    const init = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'p', version: '0' } } }),
    });
    assert.equal(init.status, 200);
    await init.text();
    const headers = { ...HEADERS, 'mcp-session-id': init.headers.get('mcp-session-id') ?? '', 'mcp-protocol-version': '2025-06-18' };
    const initialized = await fetch(`${server.url}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    assert.equal(initialized.status, 202);
    return headers;
  };

  it('MCP tools/call with malformed params answers −32602 Invalid params', async () => {
    const headers = await mcpSession();
    for (const params of [{ name: 42 }, {}, { name: 'get_task_board', arguments: 'all' }]) {
      const res = await fetch(`${server.url}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params }) });
      const answer = await answerOf(res);
      assert.equal(answer.error?.code, -32602, `${JSON.stringify(params)}: ${JSON.stringify(answer)}`);
    }
    const fine = await fetch(`${server.url}/mcp`, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_task_board', arguments: {} } }) });
    assert.ok((await answerOf(fine)).result);
  });

  it('an empty JSON-RPC batch is one −32600 Invalid Request with HTTP 400, with or without a session', async () => {
    for (const headers of [HEADERS, await mcpSession()]) {
      const res = await fetch(`${server.url}/mcp`, { method: 'POST', headers, body: '[]' });
      assert.equal(res.status, 400);
      const answer = (await res.json()) as JsonRpcAnswer & { id: unknown };
      assert.equal(answer.error?.code, -32600);
      assert.equal(answer.id, null);
    }
  });

  it('a WebSocket subscription with bad input is BAD_REQUEST with the VALIDATION issue, not an internal error', async () => {
    const { client, close } = connect(server.url);
    try {
      const error = await new Promise<unknown>((resolve) => {
        client.subscribe_events.subscribe({ types: 'task.created' } as never, { onData: () => resolve(new Error('data for a bad subscription')), onError: resolve });
      });
      assert.ok(error instanceof TRPCClientError, String(error));
      const data = (error as TRPCClientError<AppRouter>).data;
      assert.equal(data?.code, 'BAD_REQUEST');
      assert.equal(data?.coordinator?.code, 'VALIDATION');
      assert.equal(data?.coordinator?.issues[0]?.field, 'types');
    } finally {
      close();
    }
  });

  it('an oversized WebSocket frame closes the socket with 1009 and is not logged as an internal error', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/trpc`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(LIMITS.requestBytes + 1));
    assert.equal(await closed, 1009);
    // Nothing is to happen now: a window for an internal error to be logged, which afterEach would report.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
});
