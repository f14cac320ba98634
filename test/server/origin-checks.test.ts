/**
 * DNS rebinding and cross-origin calls over the real transports (server/src/http/request-origin.ts):
 * in local mode a request addressed to another name, or sent by a page of another origin, is refused
 * with 403 on tRPC over HTTP, MCP and the WebSocket upgrade, while the extension's tRPC client (no
 * Origin), the CLI and the official MCP SDK client keep working. With accounts on, a foreign browser
 * Origin is refused and one listed in --allowed-origins is served.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { useCoordinator } from '../support/coordinator.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { cliRunner } from '../cli/run-cli.ts';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '0' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** A raw HTTP request with whatever Host and Origin a rebinding page would send (fetch cannot set Host). */
function send(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens a WebSocket to /trpc: 'open', or the HTTP status of a refused upgrade. */
function upgrade(url: string, headers: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    socket.once('error', reject);
  });
}

describe('Host and Origin checks in local mode', function () {
  this.timeout(60_000);
  const env = useCoordinator('pglite');

  it('tRPC over HTTP: a rebinding Host or a foreign Origin is refused with 403 and a JSON reason; nothing is created', async () => {
    const create = JSON.stringify({ title: 'from a web page' });
    const rebound = await send(env.url, '/trpc/create_task', { method: 'POST', headers: { host: 'attacker.example:7421', 'content-type': 'application/json' }, body: create });
    assert.equal(rebound.status, 403);
    assert.match((JSON.parse(rebound.body) as { error: string }).error, /refused Host "attacker\.example:7421"/);
    const foreign = await send(env.url, '/trpc/create_task', { method: 'POST', headers: { origin: 'http://attacker.example', 'content-type': 'application/json' }, body: create });
    assert.equal(foreign.status, 403);
    assert.match((JSON.parse(foreign.body) as { error: string }).error, /refused Origin "http:\/\/attacker\.example"/);
    const read = await send(env.url, '/trpc/get_task_board', { headers: { host: 'attacker.example' } });
    assert.equal(read.status, 403);
    assert.equal((await env.client().list_tasks.query({})).some((t) => t.title === 'from a web page'), false);
  });

  it('tRPC over HTTP: the extension-style client (no Origin), a loopback page and a VS Code webview are served', async () => {
    const task = await env.client().create_task.mutate({ title: 'from the extension' });
    assert.equal(task.status, 'open');
    for (const origin of ['http://localhost:3000', 'vscode-webview://4f1c2a']) {
      const answer = await send(env.url, '/trpc/get_task_board', { headers: { origin } });
      assert.equal(answer.status, 200, `${origin}: ${answer.body}`);
    }
    const byName = await send(env.url, '/trpc/get_task_board', { headers: { host: `localhost:${env.coordinator.server.port}` } });
    assert.equal(byName.status, 200);
  });

  it('MCP: initialize with a rebinding Host or a foreign Origin is refused; the official SDK client works', async () => {
    const rebound = await send(env.url, '/mcp', { method: 'POST', headers: { ...MCP_HEADERS, host: 'attacker.example' }, body: INITIALIZE });
    assert.equal(rebound.status, 403);
    const foreign = await send(env.url, '/mcp', { method: 'POST', headers: { ...MCP_HEADERS, origin: 'https://attacker.example' }, body: INITIALIZE });
    assert.equal(foreign.status, 403);
    const client = await httpClient(env.url).connect();
    try {
      const board = await client.call('get_task_board');
      assert.ok(board.tasks.open >= 1);
    } finally {
      await client.close();
    }
  });

  it('WebSocket: the upgrade with a rebinding Host or a foreign Origin is refused with 403; a subscription from the client works', async () => {
    assert.equal(await upgrade(env.url, { origin: 'http://attacker.example' }), 403);
    assert.equal(await upgrade(env.url, { host: 'attacker.example' }), 403);
    assert.equal(await upgrade(env.url, {}), 'open');
    const client = env.client();
    await client.create_task.mutate({ title: 'seen over the socket' });
    // From the start of the log: the backfill has it, whenever the socket connects.
    const first = await new Promise<string>((resolve, reject) => {
      const sub = client.subscribe_events.subscribe(
        { types: ['task.created'], lastEventId: 0 },
        {
          onData: (message) => {
            sub.unsubscribe();
            resolve(message.data.type);
          },
          onError: reject,
        },
      );
    });
    assert.equal(first, 'task.created');
  });

  it('the CLI is served', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ac-origin-'));
    try {
      const cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
      const result = await cli(['create-task', 'from the CLI']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^created T-\d+ from the CLI/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('probes answer any Host', async () => {
    assert.equal((await send(env.url, '/healthz', { headers: { host: 'lb.internal' } })).status, 200);
    assert.equal((await send(env.url, '/metrics', { headers: { host: 'lb.internal' } })).status, 200);
  });
});

describe('Origin checks with accounts on', function () {
  this.timeout(60_000);
  const env = useCoordinator('pglite', { adminName: 'root', adminPassword: 'correct horse battery staple', allowedOrigins: 'https://board.example.com' });

  it('a foreign Origin is refused, a configured one and the same origin are served, any Host is', async () => {
    const login = (origin?: string, host?: string) =>
      send(env.url, '/trpc/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}), ...(host ? { host } : {}) },
        body: JSON.stringify({ name: 'root', password: 'correct horse battery staple' }),
      });
    assert.equal((await login('https://attacker.example')).status, 403);
    assert.equal((await login('https://board.example.com')).status, 200);
    assert.equal((await login('https://coordinator.example.com', 'coordinator.example.com')).status, 200);
    assert.equal((await login(undefined, 'coordinator.example.com')).status, 200);
    assert.equal((await login()).status, 200);
    assert.equal(await upgrade(env.url, { origin: 'https://attacker.example' }), 403);
    assert.equal(await upgrade(env.url, { origin: 'https://board.example.com' }), 'open');
    const mcp = await send(env.url, '/mcp', { method: 'POST', headers: { ...MCP_HEADERS, origin: 'https://attacker.example' }, body: INITIALIZE });
    assert.equal(mcp.status, 403);
  });
});
