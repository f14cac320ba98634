/**
 * The NATS event bus and the transactional outbox, with replicas started in this process on one
 * PostgreSQL and one NATS (a stream of the suite's own): every replica delivers every event to its
 * subscribers in order; each event is published to JetStream once, a re-publish after a publisher
 * crash is dropped by message id, and events a replica committed but never numbered or never published
 * are picked up by the others; the stream keeps to its retention settings while subscribers still get
 * everything from the database log.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect as natsConnect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { ConfigSchema, startServer, type ConfigInput, type RunningServer } from '@agent-coordinator/server';
import type { CoordinatorEvent, StreamMessage } from '@agent-coordinator/shared';
import { localActor } from '../../server/src/common/actor.ts';
import { connect } from '../support/coordinator.ts';
import { provisionPostgres, type PostgresHandle } from '../support/postgres.ts';
import { provisionNats, type NatsHandle } from '../support/nats.ts';
import { until } from '../support/until.ts';
import { readStream, streamGaps } from './support/stream.ts';

/** The server's event bus holds one more subscription than `before`: events from then on reach it live. */
const untilHeld = (server: RunningServer, before: number): Promise<unknown> =>
  until('the subscription held by the bus', () => server.coordinator.bus.subscriberCount > before);

/** Collects what a subscription delivers until `until` says enough (bounded); returned once the server holds the subscription. */
async function collect(server: RunningServer, input: { lastEventId?: string } | undefined = undefined) {
  const subscriptions = server.coordinator.bus.subscriberCount;
  const { client, close } = connect(server.url);
  const messages: StreamMessage[] = [];
  let failure: unknown = null;
  const sub = client.subscribe_events.subscribe(input, {
    onData: (tracked) => void messages.push(tracked.data),
    onError: (error) => (failure = error),
  });
  await untilHeld(server, subscriptions);
  return {
    messages,
    events: (): CoordinatorEvent[] => messages.filter((m): m is CoordinatorEvent => m.type !== 'stream.resync'),
    async until(done: (messages: readonly StreamMessage[]) => boolean, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!done(messages)) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`subscription got ${messages.length} messages: ${messages.map((m) => `${m.id}:${m.type}`).join(' ')}`);
        await sleep(20);
      }
    },
    close: () => {
      sub.unsubscribe();
      close();
    },
  };
}

const ids = (events: readonly { id: number }[]): number[] => events.map((e) => e.id);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('events across replicas through NATS JetStream', function () {
  this.timeout(120_000);
  let database: PostgresHandle | null = null;
  let nats: NatsHandle | null = null;
  const streams: string[] = [];
  const servers: RunningServer[] = [];

  const newStream = (): string => {
    const name = `AC_TEST_${randomBytes(4).toString('hex')}`;
    streams.push(name);
    return name;
  };
  const replica = async (settings: Partial<ConfigInput>): Promise<RunningServer> => {
    const server = await startServer(ConfigSchema.parse({ port: 0, databaseUrl: database?.url, natsUrl: nats?.url, ...settings }), (error) => {
      console.error('replica internal error:', error);
    });
    servers.push(server);
    return server;
  };
  const closeAll = async (): Promise<void> => {
    for (const server of servers.splice(0)) await server.close();
  };

  before(async function () {
    database = await provisionPostgres();
    nats = await provisionNats();
    if (!database || !nats) this.skip();
  });
  afterEach(closeAll);
  after(async () => {
    if (nats) {
      const nc = await natsConnect({ servers: nats.url });
      const jsm = await jetstreamManager(nc);
      for (const stream of streams) await jsm.streams.delete(stream).catch(() => false);
      await nc.close();
      await nats.stop();
    }
    await database?.drop();
  });

  it('every replica delivers every event, in order, to its own subscribers', async () => {
    const natsStream = newStream();
    const a = await replica({ natsStream });
    const b = await replica({ natsStream });
    const head = await a.coordinator.eventLog.lastSeq();
    const watchers = [await collect(a), await collect(a), await collect(b), await collect(b)];
    // What MCP sessions use: the event service of the replica they are on.
    const mcpLike: CoordinatorEvent[] = [];
    const stop = new AbortController();
    const subscriptions = b.coordinator.bus.subscriberCount;
    const draining = (async () => {
      for await (const message of b.coordinator.services.events.subscribeEvents(localActor, { types: ['task.created', 'lock.acquired'] }, stop.signal)) {
        if (message.type !== 'stream.resync') mcpLike.push(message);
      }
    })();
    await untilHeld(b, subscriptions);
    const ca = connect(a.url);
    const cb = connect(b.url);
    try {
      const agent = await ca.client.register_agent.mutate({ name: 'across' });
      for (let i = 0; i < 10; i++) {
        await (i % 2 === 0 ? ca : cb).client.create_task.mutate({ title: `across ${i}` });
        await (i % 2 === 0 ? cb : ca).client.lock_files.mutate({ agent_id: agent.agent_id, paths: [`across/${i}.ts`] });
      }
      await a.coordinator.eventLog.flush();
      await b.coordinator.eventLog.flush();
      const last = Math.max(await a.coordinator.eventLog.lastSeq(), await b.coordinator.eventLog.lastSeq());
      for (const w of watchers) await w.until((m) => (m.at(-1)?.id ?? 0) >= last);
      for (const w of watchers) assert.deepEqual(ids(w.events()), range(head + 1, last), 'contiguous, each once, in seq order');
      const deadline = Date.now() + 5_000;
      while (mcpLike.length < 20 && Date.now() < deadline) await sleep(20);
      assert.equal(mcpLike.length, 20, 'the event service on the other replica saw every task.created and lock.acquired');
    } finally {
      stop.abort();
      await draining;
      for (const w of watchers) w.close();
      ca.close();
      cb.close();
    }
  });

  it('publishes each event once; a re-publish after a publisher crash is dropped by message id', async () => {
    const natsStream = newStream();
    const a = await replica({ natsStream });
    await replica({ natsStream });
    const c = connect(a.url);
    try {
      for (let i = 0; i < 25; i++) await c.client.create_task.mutate({ title: `once ${i}` });
    } finally {
      c.close();
    }
    await a.coordinator.eventLog.flush();
    const head = await a.coordinator.eventLog.lastSeq();
    const waitForStream = async (count: number) => {
      for (let i = 0; ; i++) {
        const contents = await readStream(nats?.url ?? '', natsStream);
        if (new Set(contents.ids).size >= count || i > 40) return contents;
        await sleep(100);
      }
    };
    const first = await waitForStream(head);
    const firstSeq = first.ids[0] ?? 1;
    assert.deepEqual(streamGaps(first.ids, firstSeq, head), { duplicates: [], missing: [] });
    assert.equal(first.info.state.messages, head - firstSeq + 1);

    // The leader dies after publishing but before its watermark is written: the next leader starts from
    // the stale watermark and publishes everything again. JetStream drops every one as a duplicate.
    await closeAll();
    const { default: pg } = await import('pg');
    const sql = new pg.Client({ connectionString: database?.url });
    await sql.connect();
    try {
      await sql.query(`update event_outbox set published_seq = $1, leader = null, lease_expires_at = null`, [firstSeq - 1]);
      const next = await replica({ natsStream });
      const published = async (): Promise<number> =>
        Number(/^coordinator_outbox_published_total (\d+)$/m.exec(await (await fetch(`${next.url}/metrics`)).text())?.[1] ?? 0);
      const deadline = Date.now() + 10_000;
      while ((await published()) < head - firstSeq + 1 && Date.now() < deadline) await sleep(50);
      assert.equal(await published(), head - firstSeq + 1, 'the new leader re-published everything');
      const again = await readStream(nats?.url ?? '', natsStream);
      assert.deepEqual(streamGaps(again.ids, firstSeq, head), { duplicates: [], missing: [] }, 'still once each');

      // A replica killed after its change committed but before the events were numbered: the rows wait
      // with seq null. Another replica's sweep numbers them, the leader publishes, subscribers get them.
      const watcher = await collect(next);
      const [template] = (await sql.query(`select payload from events where type = 'task.created' order by seq limit 1`)).rows as { payload: object }[];
      await sql.query(`insert into events (type, payload, project) select 'task.created', $1::jsonb, 'local' from generate_series(1, 3)`, [JSON.stringify(template?.payload)]);
      await watcher.until((m) => m.length >= 3);
      assert.deepEqual(ids(watcher.events()), [head + 1, head + 2, head + 3]);

      // Events numbered by a replica that never published them (it died in between; here: a replica
      // without NATS on the same database): the leader's next round publishes them.
      const inProcess = await startServer(ConfigSchema.parse({ port: 0, databaseUrl: database?.url }), () => {});
      const d = connect(inProcess.url);
      try {
        for (let i = 0; i < 4; i++) await d.client.create_task.mutate({ title: `unpublished ${i}` });
      } finally {
        d.close();
        await inProcess.close();
      }
      await watcher.until((m) => m.length >= 7);
      assert.deepEqual(ids(watcher.events()), range(head + 1, head + 7), 'the other replica delivered them too');
      watcher.close();
      const final = await waitForStream(head + 7 - firstSeq + 1);
      assert.deepEqual(streamGaps(final.ids, firstSeq, head + 7), { duplicates: [], missing: [] });
    } finally {
      await sql.end();
    }
  });

  it('keeps the stream to its retention settings; subscribers still get every event from the log', async () => {
    const natsStream = newStream();
    const limits = { natsStream, natsMaxMessages: 10, natsMaxAgeSeconds: 3600, natsMaxBytes: 1_000_000 };
    const a = await replica(limits);
    const b = await replica(limits);
    const nc = await natsConnect({ servers: nats?.url ?? '' });
    try {
      const info = await (await jetstreamManager(nc)).streams.info(natsStream);
      assert.equal(info.config.max_msgs, 10);
      assert.equal(info.config.max_bytes, 1_000_000);
      assert.equal(info.config.max_age, 3600 * 1e9);
      assert.equal(info.config.duplicate_window, 120 * 1e9);

      const head = await a.coordinator.eventLog.lastSeq();
      const watcher = await collect(b);
      const c = connect(a.url);
      try {
        for (let i = 0; i < 30; i++) await c.client.create_task.mutate({ title: `retained ${i}` });
      } finally {
        c.close();
      }
      await watcher.until((m) => m.length >= 30);
      assert.deepEqual(ids(watcher.events()), range(head + 1, head + 30));
      watcher.close();
      const deadline = Date.now() + 5_000;
      let state = (await (await jetstreamManager(nc)).streams.info(natsStream)).state;
      while (state.last_seq < 30 && Date.now() < deadline) {
        await sleep(100);
        state = (await (await jetstreamManager(nc)).streams.info(natsStream)).state;
      }
      assert.equal(state.messages, 10, 'the stream keeps only the newest 10');

      // A replica started with other limits brings the stream to them.
      await replica({ ...limits, natsMaxMessages: 20 });
      assert.equal((await (await jetstreamManager(nc)).streams.info(natsStream)).config.max_msgs, 20);
    } finally {
      await nc.close();
    }
  });

  it('a subscriber resuming from before the retained log gets a resync with a full state snapshot, then no gap', async () => {
    const natsStream = newStream();
    const a = await replica({ natsStream, eventRetentionMaxCount: 5 });
    const b = await replica({ natsStream, eventRetentionMaxCount: 5 });
    const c = connect(a.url);
    try {
      const agent = await c.client.register_agent.mutate({ name: 'resyncer' });
      const task = await c.client.create_task.mutate({ title: 'held across the resync', priority: 'critical', files: ['resync/a.ts'] });
      const claimed = await c.client.get_next_task.mutate({ agent_id: agent.agent_id });
      assert.equal(claimed.task?.task_id, task.task_id);
      for (let i = 0; i < 12; i++) await c.client.create_task.mutate({ title: `filler ${i}` });
      await a.coordinator.eventLog.flush();
      await a.coordinator.sweeper.sweep(); // prunes to the newest 5
      const first = await a.coordinator.eventLog.firstRetainedSeq();
      assert.ok(first !== null && first > 2, `the log was pruned (first retained ${first})`);

      const watcher = await collect(b, { lastEventId: '1' });
      await watcher.until((m) => m.length >= 1);
      const [resync] = watcher.messages;
      assert.equal(resync?.type, 'stream.resync');
      if (resync?.type !== 'stream.resync') return;
      assert.match(resync.reason, /no longer retained/);
      const snapshot = resync.snapshot;
      assert.ok(snapshot, 'the resync carries the state to reload');
      assert.equal(snapshot.as_of, resync.resume_from);
      assert.ok(snapshot.active_tasks.some((t) => t.task_id === task.task_id && t.status === 'claimed'));
      assert.deepEqual(snapshot.locks.filter((l) => l.held_by_id === agent.agent_id).map((l) => l.path), ['resync/a.ts']);
      assert.equal(snapshot.board.tasks.claimed, 1);
      assert.ok(snapshot.board.agents.some((x) => x.agent_id === agent.agent_id && x.current_task?.task_id === task.task_id));

      await c.client.complete_task.mutate({ agent_id: agent.agent_id, task_id: task.task_id });
      await watcher.until((m) => m.some((x) => x.type === 'task.updated'));
      const after = watcher.events();
      assert.deepEqual(ids(after), range(resync.resume_from + 1, resync.resume_from + after.length), 'continues right after the snapshot');
      watcher.close();
    } finally {
      c.close();
    }
  });
});
