/**
 * Operating replicas: /metrics in Prometheus text format with the coordinator's figures; /readyz turning
 * 503 while the database or NATS is away (and the replicas still delivering each other's events from
 * the log meanwhile) and back to 200 after; a graceful close that lets a request in flight finish.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ConfigSchema, startServer, type RunningServer } from '@agent-coordinator/server';
import type { StreamMessage } from '@agent-coordinator/shared';
import { connect } from '../support/coordinator.ts';
import { provisionOwnCluster, type OwnCluster } from '../support/postgres.ts';
import { startNatsServer, type NatsServer } from './support/processes.ts';

const LOCK_SPACE_KEY = 74_210_001; // server/src/common/advisory-locks.ts

async function readyz(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await sleep(100);
  }
}

describe('operating replicas: metrics, readiness, graceful shutdown', function () {
  this.timeout(120_000);
  let cluster: OwnCluster | null = null;
  let nats: NatsServer | null = null;
  const servers: RunningServer[] = [];

  before(async function () {
    cluster = await provisionOwnCluster();
    nats = await startNatsServer();
    if (!cluster || !nats) return this.skip();
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  after(async () => {
    await nats?.remove();
    await cluster?.drop();
  });

  const replica = async (natsStream = `AC_OPS_${randomBytes(3).toString('hex')}`): Promise<RunningServer> => {
    const server = await startServer(ConfigSchema.parse({ port: 0, databaseUrl: cluster?.url, natsUrl: nats?.url, natsStream, shutdownGraceSeconds: 5 }), () => {});
    servers.push(server);
    return server;
  };

  it('serves /metrics in Prometheus text format', async () => {
    const server = await replica();
    const { client, close } = connect(server.url);
    const messages: StreamMessage[] = [];
    const subscriptions = server.coordinator.bus.subscriberCount;
    const sub = client.subscribe_events.subscribe(undefined, { onData: (t) => void messages.push(t.data) });
    try {
      // Subscribed before the changes, so their events are live ones.
      await until('the subscription held by the bus', async () => server.coordinator.bus.subscriberCount > subscriptions);
      const [a, b] = await Promise.all(['metrics-a', 'metrics-b'].map((name) => client.register_agent.mutate({ name })));
      assert.ok(a && b);
      await client.create_task.mutate({ title: 'measured', files: ['m/a.ts'] });
      assert.ok((await client.get_next_task.mutate({ agent_id: a.agent_id })).task);
      const refused = await client.lock_files.mutate({ agent_id: b.agent_id, paths: ['m/**'] });
      assert.equal(refused.granted, false);
      await until('events delivered', async () => messages.some((m) => m.type === 'lock.acquired'));

      const res = await fetch(`${server.url}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      // Blank lines between metric families are allowed by the text format (prom-client writes them).
      for (const line of text.trim().split('\n').filter((l) => l !== '')) {
        assert.match(line, /^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+-]+|[a-z_]+(\{.*\})? (\+Inf|NaN))$/, `exposition line: ${line}`);
      }
      const value = (series: string): number => Number(new RegExp(`^${series.replace(/[{}"+]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
      assert.equal(value('coordinator_claims_total'), 1);
      assert.equal(value('coordinator_lock_requests_total{outcome="refused"}'), 1);
      assert.equal(value('coordinator_lock_conflicts_total'), 1);
      assert.equal(value('coordinator_active_agents'), 2);
      assert.equal(value('coordinator_websocket_clients'), 1);
      assert.equal(value('coordinator_event_subscribers'), 1);
      assert.equal(value('coordinator_outbox_leader'), 1);
      assert.equal(value('coordinator_nats_connected'), 1);
      assert.ok(value('coordinator_outbox_lag_events') >= 0);
      assert.equal(value('coordinator_events_unsequenced'), 0);
      assert.ok(value('coordinator_event_delivery_seconds_count') >= 5);
      assert.ok(value('process_resident_memory_bytes') > 10 * 1024 * 1024);
    } finally {
      sub.unsubscribe();
      close();
    }
  });

  it('reports not ready while NATS or the database is away, and delivers across replicas from the log meanwhile', async () => {
    if (!nats || !cluster) throw new Error('not started');
    const natsStream = `AC_OPS_${randomBytes(3).toString('hex')}`;
    const a = await replica(natsStream);
    const b = await replica(natsStream);
    assert.deepEqual(await readyz(a.url), { status: 200, body: { status: 'ready', ready: true, database: 'up', nats: 'up', draining: false } });

    const watcher = connect(b.url);
    const seen: StreamMessage[] = [];
    const subscriptions = b.coordinator.bus.subscriberCount;
    const sub = watcher.client.subscribe_events.subscribe(undefined, { onData: (t) => void seen.push(t.data) });
    const writer = connect(a.url);
    try {
      await until("the watcher's subscription held by b's bus", async () => b.coordinator.bus.subscriberCount > subscriptions);
      await nats.stop();
      await until('NATS down reported', async () => (await readyz(a.url)).body['nats'] === 'down');
      assert.equal((await readyz(a.url)).status, 503);
      await writer.client.create_task.mutate({ title: 'while NATS is away' });
      await until('the other replica delivered it from the log', async () => seen.some((m) => m.type === 'task.created'));
      await nats.start();
      await until('ready again after NATS returns', async () => (await readyz(a.url)).status === 200);

      await cluster.stop();
      const down = await readyz(a.url);
      assert.equal(down.status, 503);
      assert.equal(down.body['database'], 'down');
      await cluster.start();
      await until('ready again after the database returns', async () => (await readyz(a.url)).status === 200);
    } finally {
      sub.unsubscribe();
      watcher.close();
      writer.close();
    }
  });

  it('closes gracefully: readiness turns 503 and a request in flight still completes', async () => {
    if (!cluster) throw new Error('not started');
    const server = await replica();
    const { client, close } = connect(server.url, { batch: false });
    const agent = await client.register_agent.mutate({ name: 'drained' });
    // Hold the lock space, so the next lock request stays in flight in the server.
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1)', [LOCK_SPACE_KEY]);
      const inFlight = client.lock_files.mutate({ agent_id: agent.agent_id, paths: ['drain/a.ts'] });
      await until('the request is in flight', async () => /^coordinator_http_requests_in_flight [1-9]/m.test(await (await fetch(`${server.url}/metrics`)).text()));
      const closing = server.close();
      await until('draining', async () => (await server.ops.readiness()).draining);
      assert.equal((await server.ops.readiness()).ready, false);
      await sleep(300); // draining a while with the request still in flight: the server waits for it, which is the point
      await holder.query('commit');
      const result = await inFlight;
      assert.equal(result.granted, true, 'the request in flight finished normally');
      await closing;
    } finally {
      close();
      await holder.end();
    }
  });
});
