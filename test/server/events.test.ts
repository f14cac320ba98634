/**
 * Events over the WebSocket subscription: live delivery, resume after the last id seen without gaps or
 * duplicates, and an explicit resync signal when the position is older than what is retained.
 */
import assert from 'node:assert/strict';
import type { StreamMessage, SubscribeEventsInput } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator, type Client } from '../support/coordinator.ts';
import { collectMessages } from '../support/event-stream.ts';

/** The first `count` messages of a subscription. */
const collect = (client: Client, input: SubscribeEventsInput, count: number): Promise<StreamMessage[]> => collectMessages(client, input, (got) => got.length === count);

for (const engine of ENGINES) {
  describe(`events on ${engine}`, function () {
    this.timeout(60_000);
    const env = useCoordinator(engine, { eventRetentionMaxCount: 40 });

    it('delivers changes live, in order, with increasing ids', async () => {
      const c = env.client();
      const subscriptions = env.subscriptions();
      const live = collect(c, {}, 3);
      await env.untilSubscribed(subscriptions);
      const agent = await c.register_agent.mutate({ name: 'watcher' });
      const task = await c.create_task.mutate({ title: 'watched', files: ['w.ts'] });
      await c.get_next_task.mutate({ agent_id: agent.agent_id });
      const messages = await live;
      assert.deepEqual(messages.map((m) => m.type).slice(0, 3), ['agent.registered', 'task.created', 'task.claimed']);
      const ids = messages.map((m) => m.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
      const created = messages[1];
      assert.ok(created?.type === 'task.created' && created.task.task_id === task.task_id);
    });

    it('resumes after the last id seen: no gap, no duplicate', async () => {
      const c = env.client();
      const before = await c.list_events.query({ limit: 1000 });
      const lastSeen = before.at(-1)?.id ?? 0;
      for (let i = 0; i < 5; i++) await c.create_task.mutate({ title: `missed ${i}` });
      const resumed = await collect(c, { lastEventId: String(lastSeen) }, 5);
      assert.deepEqual(resumed.map((m) => m.id), [1, 2, 3, 4, 5].map((k) => lastSeen + k));
      assert.ok(resumed.every((m) => m.type === 'task.created'));
    });

    it('signals a resync when the position is older than the retained log', async () => {
      const c = env.client();
      for (let i = 0; i < 60; i++) await c.create_task.mutate({ title: `flood ${i}` });
      await env.coordinator.server.coordinator.sweeper.sweep(); // prune past retention (40 events) now
      const first = (await c.list_events.query({ limit: 1 }))[0];
      assert.ok(first && first.id > 2, 'old events were pruned');
      const [signal] = await collect(c, { lastEventId: '1' }, 1);
      assert.equal(signal?.type, 'stream.resync');
      assert.ok(signal?.type === 'stream.resync' && signal.resume_from >= first.id);
    });
  });
}
