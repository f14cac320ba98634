/**
 * `agent-coordinator mcp` spawned as MCP clients spawn it: tools listed and called through the bridge,
 * and, with no coordinator behind it, a prompt error that says so instead of a hang.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { LATEST_PROTOCOL_VERSION, McpError } from '@modelcontextprotocol/sdk/types.js';
import { startTestCoordinator, useCoordinator } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { CLI_MAIN, stdioClient, type McpTestClient } from './mcp-client.ts';

/** Rejects when `promise` has not settled within `ms`: a hang fails the test with a message instead of a mocha timeout. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('agent-coordinator mcp (stdio bridge)', function () {
  const env = useCoordinator('pglite');
  let client: McpTestClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  it('lists the tools and runs register_agent and get_task_board through the bridge', async () => {
    client = await within(20_000, 'connect', stdioClient(env.url).connect());
    const { tools } = await client.client.listTools();
    assert.equal(tools.length, 13);
    assert.ok(tools.some((t) => t.name === 'get_next_task'));
    assert.equal(client.client.getServerVersion()?.name, 'agent-coordinator');

    const agent = await client.call('register_agent', { name: 'via-stdio', kind: 'cli' });
    assert.equal(agent.name, 'via-stdio');
    const board = await client.call('get_task_board');
    assert.ok(board.agents.some((a) => a.agent_id === agent.agent_id && a.name === 'via-stdio'));

    // The session remembers the agent across calls, as over HTTP.
    const beat = await client.call('heartbeat');
    assert.equal(beat.agent_id, agent.agent_id);
  });

  it('asks for output schemas with --output-schemas: tools list them, results carry structuredContent', async () => {
    client = await within(20_000, 'connect', stdioClient(env.url, 'stdio-typed', ['--output-schemas']).connect());
    const { tools } = await client.client.listTools();
    for (const tool of tools) assert.equal(tool.outputSchema?.type, 'object', `${tool.name} outputSchema`);
    const result = await client.raw('register_agent', { name: 'via-stdio-typed', kind: 'cli' });
    assert.equal((result.structuredContent as { name?: string } | undefined)?.name, 'via-stdio-typed');
  });

  it('exits by itself, status 0, when the client closes stdin', async () => {
    const child = spawn(process.execPath, [CLI_MAIN, 'mcp', '--url', env.url], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    };
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    try {
      const [line] = await within(20_000, 'initialize', once(lines, 'line'));
      const reply: unknown = JSON.parse(String(line));
      assert.ok(typeof reply === 'object' && reply !== null && 'result' in reply, `initialize answered ${String(line)}`);
      child.stdin.end();
      assert.equal(await within(5_000, 'exit after stdin closed', exited), 0);
    } finally {
      lines.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('fails promptly with an error naming the coordinator when nothing listens at --url', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const bridge = stdioClient(url);
    client = bridge;
    const error = await within(10_000, 'connect', bridge.connect()).then(
      () => assert.fail('connect should fail without a coordinator'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof McpError, `expected an McpError, got ${String(error)}`);
    assert.match(error.message, /no coordinator at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(error.message, /agent-coordinator serve/);
    assert.match(bridge.stderr.join(''), /no coordinator at/);
  });

  it('answers calls with errors, not silence, while the coordinator is down and after it restarted', async () => {
    const own = await startTestCoordinator('pglite');
    assert.ok(own);
    try {
      const bridge = await within(20_000, 'connect', stdioClient(own.url).connect());
      client = bridge;
      await bridge.call('register_agent', { name: 'restart-survivor' });

      await own.server.close();
      const down = await within(10_000, 'call while down', bridge.raw('get_task_board')).then(
        () => assert.fail('the call should fail while the coordinator is down'),
        (e: unknown) => e,
      );
      assert.ok(down instanceof McpError);
      assert.match(down.message, /no coordinator at .*agent-coordinator serve/);

      await own.restart();
      const restarted = await within(10_000, 'call after restart', bridge.raw('get_task_board')).then(
        () => assert.fail('the old session should be gone after a restart'),
        (e: unknown) => e,
      );
      assert.ok(restarted instanceof McpError);
      assert.match(restarted.message, /no longer knows this MCP session .*agent-coordinator mcp/);
    } finally {
      await client?.close();
      client = undefined;
      await own.close();
    }
  });
});
