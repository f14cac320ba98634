/**
 * Waiting for a lock over MCP with the official SDK client: B waits in lock_files (wait_seconds) while
 * A holds the path and is granted right after A releases; a waiting session whose call is cancelled
 * (the SDK aborts the HTTP request and sends notifications/cancelled) leaves the queue, so the waiter
 * behind it is granted.
 */
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { useCoordinator } from '../support/coordinator.ts';
import { httpClient, type McpTestClient } from './mcp-client.ts';
import { until } from '../support/until.ts';

describe('MCP: lock_files waits for a held path', function () {
  const env = useCoordinator('pglite');
  let open: McpTestClient[] = [];
  const session = async (name: string): Promise<McpTestClient> => {
    const client = httpClient(env.url, name);
    open.push(client);
    await client.connect();
    await client.call('register_agent', { name });
    return client;
  };
  afterEach(async () => {
    await Promise.allSettled(open.map((c) => c.close()));
    open = [];
  });
  const waiting = (): number => env.coordinator.server.coordinator.services.locks.waiting;
  const untilWaiting = (count: number): Promise<unknown> => until(`${count} lock waiters`, () => waiting() === count);

  it('grants the waiting session within 200 ms of the release (median of 9 hand-offs over MCP)', async () => {
    const [a, b] = [await session('mcp-holder'), await session('mcp-waiter')];
    const latencies: number[] = [];
    for (let i = 0; i < 9; i++) {
      const path = `m/a${i}.ts`;
      assert.equal((await a.call('lock_files', { paths: [path] })).granted, true);
      let grantedAt = 0;
      const waiter = b.call('lock_files', { paths: [path], wait_seconds: 30 }).then((r) => ((grantedAt = performance.now()), r));
      await untilWaiting(1);
      await a.call('release_files', { paths: [path] });
      const releasedAt = performance.now();
      const result = await waiter;
      assert.equal(result.granted, true);
      latencies.push(grantedAt - releasedAt);
      await b.call('release_files', { paths: [path] });
    }
    const sorted = [...latencies].sort((x, y) => x - y);
    const median = sorted[4] ?? Infinity;
    const max = sorted.at(-1) ?? Infinity;
    console.log(`      MCP release→grant: p50 ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms (n=${sorted.length}, load ${loadavg()[0]?.toFixed(2)})`);
    assert.ok(median < 200, `median release→grant ${median.toFixed(1)} ms (all: ${latencies.map((l) => l.toFixed(0)).join(', ')})`);
  });

  it('a cancelled waiter leaves the queue and does not block the one behind it', async () => {
    const [a, gone, next] = [await session('mcp-h2'), await session('mcp-gone'), await session('mcp-next')];
    assert.equal((await a.call('lock_files', { paths: ['m/b.ts'] })).granted, true);
    const abort = new AbortController();
    const abandoned = gone.client.callTool({ name: 'lock_files', arguments: { paths: ['m/b.ts'], wait_seconds: 60 } }, CallToolResultSchema, { signal: abort.signal, timeout: 120_000 });
    await untilWaiting(1);
    const behind = next.call('lock_files', { paths: ['m/b.ts'], wait_seconds: 30 });
    await untilWaiting(2);
    abort.abort();
    await assert.rejects(abandoned);
    await untilWaiting(1);
    await a.call('release_files', { paths: ['m/b.ts'] });
    assert.equal((await behind).granted, true);
  });
});
