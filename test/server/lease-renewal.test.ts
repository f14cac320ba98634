/**
 * Lease times clients can trust: a heartbeat that renews an agent's leases reaches subscribers as one
 * `locks.renewed` event carrying the new expiries, which are the ones `list_locks` and `check_files`
 * (over MCP, with the official SDK client) return; a heartbeat of an agent without locks records nothing.
 */
import assert from 'node:assert/strict';
import type { StreamMessage } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator, type Client } from '../support/coordinator.ts';
import { collectMessages } from '../support/event-stream.ts';
import { httpClient } from '../mcp/mcp-client.ts';

type Renewal = Extract<StreamMessage, { type: 'locks.renewed' }>;
const isRenewal = (m: StreamMessage): m is Renewal => m.type === 'locks.renewed';

/** The first `locks.renewed` message the subscription delivers (or a timeout naming what came instead). */
async function nextRenewal(client: Client): Promise<Renewal> {
  const messages = await collectMessages(client, { types: ['locks.renewed'] }, (got) => got.some(isRenewal));
  const renewal = messages.find(isRenewal);
  if (!renewal) throw new Error('no locks.renewed event arrived');
  return renewal;
}

for (const engine of ENGINES) {
  describe(`lease renewal events on ${engine}`, function () {
    this.timeout(60_000);
    const env = useCoordinator(engine);

    it('a heartbeat that renewed leases reaches a subscriber as one event whose expiries are what list and check return', async () => {
      const c = env.client();
      const holder = await c.register_agent.mutate({ name: 'renewing-holder' });
      const idle = await c.register_agent.mutate({ name: 'renewing-idle' });
      const short = await c.lock_files.mutate({ agent_id: holder.agent_id, paths: ['lease/a.ts'], ttl_seconds: 60 });
      const long = await c.lock_files.mutate({ agent_id: holder.agent_id, paths: ['lease/b.ts'], ttl_seconds: 120 });
      const granted = [...short.locks, ...long.locks];
      assert.equal(granted.length, 2);

      const subscriptions = env.subscriptions();
      const renewal = nextRenewal(c);
      await env.untilSubscribed(subscriptions);
      // Time itself must pass, so the renewed expiry is visibly later than the grant's.
      await new Promise((r) => setTimeout(r, 1_000));
      await c.heartbeat.mutate({ agent_id: idle.agent_id }); // holds nothing: no event
      const beat = await c.heartbeat.mutate({ agent_id: holder.agent_id });
      const event = await renewal;

      assert.equal(event.agent_id, holder.agent_id, 'the first renewal is the holder’s: the idle agent’s heartbeat recorded none');
      assert.equal(event.locks.length, 2, 'one event for both leases');
      const listed = await c.list_locks.query({ agent_id: holder.agent_id });
      const mcp = await httpClient(env.url, 'lease-checker').connect();
      const checked = await mcp.call('check_files', { paths: ['lease/a.ts', 'lease/b.ts'] }).finally(() => mcp.close());
      for (const lock of granted) {
        const renewed = event.locks.find((l) => l.lock_id === lock.lock_id);
        assert.ok(renewed, `lock ${lock.path} renewed`);
        assert.ok(Date.parse(renewed.expires_at) > Date.parse(lock.expires_at), `${lock.path}: ${renewed.expires_at} later than ${lock.expires_at}`);
        assert.equal(listed.find((l) => l.lock_id === lock.lock_id)?.expires_at, renewed.expires_at, `list_locks shows the renewed expiry of ${lock.path}`);
        assert.equal(checked.files.find((f) => f.path === lock.path)?.expires_at, renewed.expires_at, `check_files shows the renewed expiry of ${lock.path}`);
      }
      // Each lease is renewed by its own ttl from the heartbeat's time, which the event carries.
      const base = Date.parse(event.last_heartbeat_at);
      assert.deepEqual(
        granted.map((l) => Date.parse(event.locks.find((r) => r.lock_id === l.lock_id)?.expires_at ?? '') - base),
        [60_000, 120_000],
      );
      const agent = await c.get_agent.query({ agent_id: holder.agent_id });
      assert.equal(agent.last_heartbeat_at, event.last_heartbeat_at);
      assert.ok(Date.parse(beat.expires_at) > base);
    });
  });
}
