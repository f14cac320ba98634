/**
 * Background duties across replicas, with real processes: agents working through one replica fall
 * silent when it is SIGKILLed; the surviving replicas' sweepers take them offline, release their locks
 * and requeue their tasks exactly once (one event each, whichever replica's sweep got there), and the
 * outbox lease moves on so the stream keeps every event once. Subscribers on the survivors see it all.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { provisionPostgres, type PostgresHandle } from '../support/postgres.ts';
import { provisionNats, type NatsHandle } from '../support/nats.ts';
import { readContainerRecipe } from './support/container.ts';
import { startReplica, type Replica } from './support/processes.ts';
import { readStream, streamGaps } from './support/stream.ts';
import { sequenceViolations, subscribe, untilSubscribers } from './support/workload.ts';

const client = (url: string) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc` })] });

async function readAll(url: string): Promise<CoordinatorEvent[]> {
  const events: CoordinatorEvent[] = [];
  for (let after = 0; ; ) {
    const page = await client(url).list_events.query({ after, limit: 1000 });
    events.push(...page);
    const last = page.at(-1);
    if (!last) return events;
    after = last.id;
  }
}

describe('lease expiry under replica death (3 replica processes)', function () {
  this.timeout(180_000);
  const stream = `AC_LEASE_${randomBytes(4).toString('hex')}`;
  let database: PostgresHandle | null = null;
  let nats: NatsHandle | null = null;
  const replicas: Replica[] = [];

  before(async function () {
    database = await provisionPostgres();
    nats = await provisionNats();
    if (!database || !nats) return this.skip();
    const recipe = await readContainerRecipe();
    const env = { COORDINATOR_LIVENESS_TIMEOUT_SECONDS: '2', COORDINATOR_NATS_STREAM: stream };
    // The first replica migrates and becomes the outbox leader; it is the one that dies.
    replicas.push(await startReplica(recipe, { name: 'replica-0', databaseUrl: database.url, natsUrl: nats.url, env }));
    replicas.push(...(await Promise.all([1, 2].map((i) => startReplica(recipe, { name: `replica-${i}`, databaseUrl: database?.url ?? '', natsUrl: nats?.url ?? '', env })))));
  });

  after(async () => {
    for (const replica of replicas) await replica.kill('SIGTERM');
    if (nats) {
      const { connect } = await import('@nats-io/transport-node');
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const nc = await connect({ servers: nats.url });
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
      await nc.close();
      await nats.stop();
    }
    await database?.drop();
  });

  it("takes the dead replica's agents offline and requeues their work exactly once", async () => {
    const [victim, second, third] = replicas;
    assert.ok(victim && second && third);
    const metrics = await (await fetch(`${victim.url}/metrics`)).text();
    assert.match(metrics, /^coordinator_outbox_leader 1$/m, 'the first replica holds the outbox lease');

    const through = client(victim.url);
    const AGENTS = 8;
    const work: { agentId: string; taskId: string; files: string[] }[] = [];
    for (let i = 0; i < AGENTS; i++) await through.create_task.mutate({ title: `leased ${i}`, priority: 'high', files: [`leased/${i}/a.ts`, `leased/${i}/b/**`] });
    const subscribers = [subscribe([second.url], 0), subscribe([third.url], 0)];
    await Promise.all([untilSubscribers(second.url, 1), untilSubscribers(third.url, 1)]);
    for (let i = 0; i < AGENTS; i++) {
      const agent = await through.register_agent.mutate({ name: `leased-${i}`, kind: 'cli' });
      const next = await through.get_next_task.mutate({ agent_id: agent.agent_id });
      assert.ok(next.task, 'each agent claims a task');
      const extra = `notes/${i}.md`;
      assert.ok((await through.lock_files.mutate({ agent_id: agent.agent_id, paths: [extra] })).granted);
      work.push({ agentId: agent.agent_id, taskId: next.task.task_id, files: [...next.task.files, extra] });
    }

    assert.equal(await victim.kill('SIGKILL'), 'SIGKILL');
    const survivor = client(second.url);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const board = await survivor.get_task_board.query();
      const offline = board.agents.filter((a) => a.name.startsWith('leased-') && a.status === 'offline').length;
      if (offline === AGENTS && board.tasks.claimed === 0 && board.agents.every((a) => a.locks.length === 0)) break;
      assert.ok(Date.now() < deadline, `the survivors did not release the work in time: ${offline}/${AGENTS} offline, ${board.tasks.claimed} claimed`);
      await sleep(200);
    }

    const events = await readAll(third.url);
    const head = events.at(-1)?.id ?? 0;
    for (const { agentId, taskId, files } of work) {
      const offline = events.filter((e) => e.type === 'agent.status_changed' && e.agent_id === agentId && e.status === 'offline');
      assert.equal(offline.length, 1, `one offline event for ${agentId}`);
      const requeued = events.filter((e) => e.type === 'task.released' && e.task.task_id === taskId);
      assert.equal(requeued.length, 1, `one task.released for ${taskId}`);
      assert.equal(requeued[0]?.type === 'task.released' ? requeued[0].task.status : null, 'open');
      const released = events.flatMap((e) => (e.type === 'lock.released' && e.reason === 'agent_offline' ? e.locks.filter((l) => l.held_by_id === agentId) : []));
      assert.deepEqual(released.map((l) => l.path).sort(), [...files].sort(), `each of ${agentId}'s locks released once`);
    }
    const tasks = await survivor.list_tasks.query({});
    assert.ok(work.every((w) => tasks.find((t) => t.task_id === w.taskId)?.status === 'open'), 'every task is back in the queue');

    // Both survivors' subscribers saw the sweep's events, once each and in order.
    const caughtUp = Date.now() + 10_000;
    while (subscribers.some((s) => (s.received.messages.at(-1)?.id ?? 0) < head) && Date.now() < caughtUp) await sleep(100);
    for (const s of subscribers) {
      s.close();
      assert.deepEqual(sequenceViolations(s.received), []);
      assert.equal(s.received.messages.at(-1)?.id, head);
    }

    // The outbox lease moved to a survivor: the stream has every event once, those after the death included.
    let contents = await readStream(nats?.url ?? '', stream);
    for (let i = 0; i < 60 && new Set(contents.ids).size < head; i++) {
      await sleep(250);
      contents = await readStream(nats?.url ?? '', stream);
    }
    assert.deepEqual(streamGaps(contents.ids, 1, head), { duplicates: [], missing: [] });
    const leaders = await Promise.all([second, third].map(async (r) => /^coordinator_outbox_leader 1$/m.test(await (await fetch(`${r.url}/metrics`)).text())));
    assert.equal(leaders.filter(Boolean).length, 1, 'exactly one survivor publishes');
  });
});
