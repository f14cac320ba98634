/**
 * Scale-out under faults, with real processes: a PostgreSQL and a nats-server of the test's own, three
 * coordinator replicas started as the container starts them, 32 agents spread over the replicas
 * claiming, locking, completing and subscribing for a bounded time, while the test SIGKILLs the
 * replica holding the outbox lease (and starts it again), restarts NATS (SIGKILL, then start on the
 * same store) and restarts PostgreSQL (immediate shutdown, then start).
 *
 * Afterwards: no task was held by two agents at once, no two overlapping exclusive locks were ever
 * held, every task is done or back in the queue, every subscriber saw the event ids without gaps or
 * repeats (a resync, if any, is explicit), the JetStream stream holds each event once, and every
 * replica serves. The figures are printed.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTRPCClient, httpLink } from '@trpc/client';
import { PRIORITY_RANK } from '@agent-coordinator/shared';
import type { AppRouter } from '@agent-coordinator/server';
import { readAllEvents } from '../support/event-replay.ts';
import { provisionOwnCluster, type OwnCluster } from '../support/postgres.ts';
import { readContainerRecipe } from './support/container.ts';
import { startNatsServer, startReplica, type NatsServer, type Replica } from './support/processes.ts';
import { readStream, streamGaps } from './support/stream.ts';
import {
  ReplicaSet,
  doubleClaims,
  emptyFigures,
  exclusiveOverlaps,
  runAgent,
  sequenceViolations,
  subscribe,
  unloggedClaims,
  untilSubscribers,
  type AgentFigures,
  type ClaimRecord,
} from './support/workload.ts';

const REPLICAS = 3;
const AGENTS = 32;
const SEED_TASKS = 8_000;
const LOAD_MS = Number(process.env['FAULT_LOAD_MS'] ?? 50_000);
const LIVENESS_SECONDS = 5;
const STREAM = 'AGENT_COORDINATOR'; // the container's default, on the test's own nats-server

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

describe('scale-out under faults: 3 replicas, 32 agents, replica SIGKILL, NATS and PostgreSQL restarts', function () {
  this.timeout(300_000);
  let cluster: OwnCluster | null = null;
  let nats: NatsServer | null = null;
  const replicas: Replica[] = [];

  before(async function () {
    cluster = await provisionOwnCluster();
    nats = await startNatsServer();
    if (!cluster || !nats) return this.skip();
    const recipe = await readContainerRecipe();
    const env = { COORDINATOR_LIVENESS_TIMEOUT_SECONDS: String(LIVENESS_SECONDS) };
    // Started together, as `docker compose up` starts them: migrations must not trip over each other.
    const started = await Promise.all(
      Array.from({ length: REPLICAS }, (_, i) => startReplica(recipe, { name: `replica-${i}`, databaseUrl: cluster?.url ?? '', natsUrl: nats?.url ?? '', env })),
    );
    replicas.push(...started);
  });

  after(async () => {
    for (const replica of replicas) await replica.kill('SIGTERM');
    await nats?.remove();
    await cluster?.drop();
  });

  it('keeps every invariant and loses nothing', async () => {
    if (!cluster || !nats) throw new Error('not started');
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    await db.query(
      `insert into tasks (id, project, title, priority, priority_rank, files)
       select gen_random_uuid(), 'local', 'fault task ' || g, (array['low', 'normal', 'high'])[g % 3 + 1], (array[$2, $3, $4]::int[])[g % 3 + 1],
              case when g % 7 = 0 then array['shared/' || (g % 5) || '/**'] else array['work/t' || g || '.ts'] end
       from generate_series(1, $1::int) as g`,
      [SEED_TASKS, PRIORITY_RANK.low, PRIORITY_RANK.normal, PRIORITY_RANK.high],
    );
    await db.query('analyze tasks');
    await db.end();

    const urls = replicas.map((r) => r.url);
    const figures: AgentFigures[] = [];
    const claims: ClaimRecord[] = [];
    const registrar = new ReplicaSet(urls, 0);
    const agents: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const f = emptyFigures();
      const registered = await registrar.call(f, Date.now() + 30_000, (c) => c.register_agent.mutate({ name: `fault-agent-${i}`, kind: 'cli' }));
      assert.ok(registered.ok, 'agents register');
      agents.push(registered.value.agent_id);
      figures.push(f);
    }
    const subscribers = agents.map((_, i) => subscribe(urls, (i + 1) % REPLICAS));
    await Promise.all(urls.map((url, home) => untilSubscribers(url, agents.filter((_, i) => (i + 1) % REPLICAS === home).length)));

    const began = Date.now();
    const until = began + LOAD_MS;
    // Every fourth agent lives and dies with its replica (no failover): those on the killed replica fall
    // silent, and the survivors' sweepers must take them offline and requeue their work, once each.
    const fragile = (i: number): boolean => i % 4 === 0;
    const load = Promise.all(
      agents.map((agentId, i) =>
        runAgent({ replicas: new ReplicaSet(urls, i % REPLICAS, { failover: !fragile(i) }), agentId, index: i, until, thinkMs: 40, figures: figures[i] ?? emptyFigures(), claims }),
      ),
    );

    // The faults, at fixed points of the load.
    const faults: string[] = [];
    const at = async (share: number): Promise<void> => {
      const wait = began + LOAD_MS * share - Date.now();
      if (wait > 0) await sleep(wait);
    };
    await at(0.2);
    let leaderIndex = 0;
    for (const [i, replica] of replicas.entries()) if ((await metric(replica.url, 'coordinator_outbox_leader').catch(() => 0)) === 1) leaderIndex = i;
    const victim = replicas[leaderIndex];
    assert.ok(victim);
    await victim.kill('SIGKILL');
    faults.push(`SIGKILL ${victim.name} (the outbox leader) at ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await at(0.36);
    await victim.start();
    faults.push(`${victim.name} started again at ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await at(0.5);
    await nats.stop();
    faults.push(`NATS killed at ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await sleep(2_500); // an outage of 2.5 s under load: the fault itself
    await nats.start();
    faults.push(`NATS started again at ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await at(0.72);
    await cluster.stop();
    faults.push(`PostgreSQL stopped (immediate) at ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await sleep(2_500); // an outage of 2.5 s under load: the fault itself
    await cluster.start();
    faults.push(`PostgreSQL started again at ${((Date.now() - began) / 1000).toFixed(1)} s`);
    await load;
    const loadSeconds = (Date.now() - began) / 1000;

    // The agents are silent now: past the liveness timeout the sweepers requeue whatever they still hold
    // (tasks whose claim answer was lost with a killed replica included).
    const settleDeadline = Date.now() + (LIVENESS_SECONDS + 15) * 1000;
    const active = async (): Promise<number> => {
      const board = await createTRPCClient<AppRouter>({ links: [httpLink({ url: `${urls[0]}/trpc` })] }).get_task_board.query();
      return board.tasks.claimed + board.tasks.in_progress;
    };
    while ((await active()) > 0 && Date.now() < settleDeadline) await sleep(500);

    const events = await readAllEvents(createTRPCClient<AppRouter>({ links: [httpLink({ url: `${urls[0]}/trpc` })] }));
    const head = events.at(-1)?.id ?? 0;
    const caughtUp = Date.now() + 15_000;
    while (subscribers.some((s) => (s.received.messages.at(-1)?.id ?? 0) < head) && Date.now() < caughtUp) await sleep(200);
    for (const s of subscribers) s.close();

    const board = await createTRPCClient<AppRouter>({ links: [httpLink({ url: `${urls[1]}/trpc` })] }).get_task_board.query();
    const serving = await Promise.all(
      replicas.map(async (r) => (await fetch(`${r.url}/readyz`)).ok && (await createTRPCClient<AppRouter>({ links: [httpLink({ url: `${r.url}/trpc` })] }).get_task_board.query()).tasks !== undefined),
    );
    // Wait for the stream to hold everything the log has (the leader publishes within a tick or two).
    let stream = await readStream(nats.url, STREAM);
    for (let i = 0; i < 40 && new Set(stream.ids).size < head; i++) {
      await sleep(250);
      stream = await readStream(nats.url, STREAM);
    }
    const inStream = streamGaps(stream.ids, 1, head);

    const sum = (pick: (f: AgentFigures) => number): number => figures.reduce((total, f) => total + pick(f), 0);
    const diedAt = new Map(agents.flatMap((id, i) => (figures[i]?.died ? [[id, i] as const] : [])));
    const offlineAfterDeath = (agentId: string): number => {
      // Counted from the last time the agent was seen online: one offline event per death.
      let count = 0;
      for (const e of events) {
        if (e.type !== 'agent.status_changed' || e.agent_id !== agentId) continue;
        count = e.status === 'offline' ? count + 1 : 0;
      }
      return count;
    };
    const violations = {
      'tasks held by two agents at once': doubleClaims(events),
      'claims an agent was told of but not logged': unloggedClaims(claims, events),
      'overlapping exclusive locks': exclusiveOverlaps(events),
      'agents that died with their replica, not taken offline exactly once': [...diedAt.keys()].flatMap((id) => (offlineAfterDeath(id) === 1 ? [] : [`${id}: ${offlineAfterDeath(id)}`])),
      'tasks neither done nor queued': board.tasks.claimed + board.tasks.in_progress > 0 ? [`${board.tasks.claimed} claimed, ${board.tasks.in_progress} in progress`] : [],
      'subscriber gaps or repeats': subscribers.flatMap((s, i) => sequenceViolations(s.received).map((v) => `subscriber ${i}: ${v}`)),
      'subscribers behind the head': subscribers.flatMap((s, i) => ((s.received.messages.at(-1)?.id ?? 0) < head ? [`subscriber ${i} at ${s.received.messages.at(-1)?.id}`] : [])),
      'events twice in the stream': inStream.duplicates.map(String),
      'events missing from the stream': inStream.missing.length > 0 ? [`${inStream.missing.length} (first ${inStream.missing.slice(0, 5).join(', ')})`] : [],
      'replicas not serving': replicas.flatMap((r, i) => (serving[i] ? [] : [r.name])),
      'unexpected call failures': figures.flatMap((f) => f.unexpected),
    };
    const found = Object.values(violations).reduce((total, list) => total + list.length, 0);
    const delivered = subscribers.reduce((total, s) => total + s.received.messages.length, 0);
    const resyncs = subscribers.reduce((total, s) => total + s.received.messages.filter((m) => m.kind === 'resync').length, 0);
    const byType = (type: string): number => events.filter((e) => e.type === type).length;
    console.log(
      [
        '',
        `  scale-out fault test: ${REPLICAS} replicas, ${AGENTS} agents, ${loadSeconds.toFixed(1)} s of load`,
        `  operations: ${sum((f) => f.claims)} claims, ${sum((f) => f.completes)} completes, ${sum((f) => f.lockGrants)} extra locks granted, ` +
          `${sum((f) => f.lockRefusals)} refused; ${sum((f) => f.failovers)} calls failed over to another replica, ${sum((f) => f.retries)} retried (UNAVAILABLE), ` +
          `${sum((f) => f.lostTasks)} completes of tasks requeued meanwhile`,
        `  events: ${head} in the log (${byType('task.claimed')} task.claimed, ${byType('lock.acquired')} lock.acquired, ${byType('agent.status_changed')} agent.status_changed); ` +
          `${delivered} delivered to ${subscribers.length} subscribers (${resyncs} resyncs, ${subscribers.reduce((t, s) => t + s.received.reconnects, 0)} reconnects, ` +
          `${subscribers.reduce((t, s) => t + s.received.resubscribes, 0)} resubscribes); stream holds ${stream.ids.length} messages`,
        `  tasks: ${board.tasks.done} done, ${board.tasks.open} open, ${board.tasks.claimed + board.tasks.in_progress} held; ` +
          `${diedAt.size} agents died with the killed replica, each taken offline once (${byType('task.released')} tasks requeued by the sweepers)`,
        `  faults injected: 3 (replica SIGKILL, NATS restart, PostgreSQL restart) — ${faults.join('; ')}`,
        `  violations found: ${found}`,
        ...Object.entries(violations).map(([what, list]) => `    ${what}: ${list.length}${list.length > 0 ? ` — ${list.slice(0, 3).join('; ')}` : ''}`),
        '',
      ].join('\n'),
    );
    assert.equal(found, 0, 'no invariant was broken');
    assert.ok(diedAt.size > 0, 'some agents died with the killed replica');
    assert.ok(sum((f) => f.claims) > 500, 'the load was real');
    assert.equal(board.tasks.done + board.tasks.open, SEED_TASKS);
  });
});
