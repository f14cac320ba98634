/**
 * Scale-out: claims and lock grants through one replica and through three, on one PostgreSQL and one
 * NATS. The replicas are real processes started as the container starts them (test/scale/support), so
 * each has its own event loop as in production; the agents run in this process, spread round-robin over
 * the replicas of the cell, one tRPC client each over HTTP (httpLink, one request per call). Claim cells
 * loop `next` then `complete` (untimed); lock cells acquire + release a path of the agent's own. Between
 * cells the tasks are reseeded by one INSERT and ANALYZEd. At the end, each replica's RSS.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server';
import { PRIORITY_RANK } from '@agent-coordinator/shared';
import { provisionPostgres, type PostgresHandle } from '../support/postgres.ts';
import { provisionNats, type NatsHandle } from '../support/nats.ts';
import { readContainerRecipe } from '../scale/support/container.ts';
import { startReplica, type Replica } from '../scale/support/processes.ts';
import { closedLoop, timed, type Timing } from './closed-loop.ts';
import { summarize, type Summary } from './stats.ts';
import { watchCpu, type CpuShares } from './cpu-watch.ts';

type Client = TRPCClient<AppRouter>;

export interface ReplicaCell {
  readonly kind: 'claims' | 'locks';
  readonly replicas: number;
  readonly agents: number;
  readonly summary: Summary;
  /** Claims only: tasks handed out twice (must be 0). */
  readonly duplicates: number;
  readonly agentThreadBusy: number;
  /** Where the CPU went during the cell: each replica, PostgreSQL, NATS, the agents, the machine. */
  readonly cpu: CpuShares;
  /** Database sessions, on average, waiting for the lock-space advisory lock (claims and grants queue there). */
  readonly advisoryWaiters: number;
  /** Database sessions, on average, running a statement or in a transaction. */
  readonly activeSessions: number;
}

export interface ReplicaMemory {
  readonly name: string;
  readonly rssMiB: number;
  readonly peakRssMiB: number;
}

/** Running replicas, shared by this bench and the fan-out bench. */
export interface ReplicaCluster {
  readonly replicas: readonly Replica[];
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly stream: string;
  memory(): Promise<ReplicaMemory[]>;
  close(): Promise<void>;
}

/** null when PostgreSQL or NATS is unavailable. */
export async function startReplicaCluster(count: number): Promise<ReplicaCluster | null> {
  const database: PostgresHandle | null = await provisionPostgres();
  if (!database) return null;
  const nats: NatsHandle | null = await provisionNats();
  if (!nats) {
    await database.drop();
    return null;
  }
  const stream = `AC_BENCH_${randomBytes(4).toString('hex')}`;
  const recipe = await readContainerRecipe();
  const env = { COORDINATOR_NATS_STREAM: stream, COORDINATOR_LOG_LEVEL: 'warn' };
  const replicas: Replica[] = [];
  const close = async (): Promise<void> => {
    for (const replica of replicas) await replica.kill('SIGTERM');
    const nc = await connect({ servers: nats.url });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
    await nc.close();
    await nats.stop();
    await database.drop();
  };
  try {
    for (let i = 0; i < count; i++) replicas.push(await startReplica(recipe, { name: `replica-${i}`, databaseUrl: database.url, natsUrl: nats.url, env }));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    replicas,
    databaseUrl: database.url,
    natsUrl: nats.url,
    stream,
    memory: () =>
      Promise.all(
        replicas.map(async (r) => {
          const status = await readFile(`/proc/${r.pid}/status`, 'utf8');
          const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
          return { name: r.name, rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
        }),
      ),
    close,
  };
}

/** Watches a cell: where the CPU went (cpu-watch.ts), and how the database sessions of this database spend the time. */
function watchCell(db: pg.Client, replicas: readonly Replica[]): { stop(): Promise<{ cpu: CpuShares; advisoryWaiters: number; activeSessions: number }> } {
  const cpu = watchCpu(replicas.map((r) => r.pid));
  let samples = 0;
  let waiters = 0;
  let active = 0;
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      const { rows } = await db.query<{ waiting: number; active: number }>(
        `select count(*) filter (where wait_event_type = 'Lock' and wait_event = 'advisory')::int as waiting,
                count(*) filter (where state <> 'idle')::int - 1 as active
         from pg_stat_activity where datname = current_database()`,
      );
      samples++;
      waiters += rows[0]?.waiting ?? 0;
      active += rows[0]?.active ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await sampling;
      return {
        cpu: await cpu.stop(),
        advisoryWaiters: samples > 0 ? waiters / samples : 0,
        activeSessions: samples > 0 ? active / samples : 0,
      };
    },
  };
}

const clientFor = (url: string): Client => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc` })] });

async function reseed(db: pg.Client, tasks: number): Promise<void> {
  await db.query(`truncate tasks cascade`);
  await db.query(`delete from file_locks`);
  await db.query(
    `insert into tasks (id, project, title, priority, priority_rank, files)
     select gen_random_uuid(), 'local', 'bench task ' || g, (array['low', 'normal', 'high'])[g % 3 + 1], ((array[$2, $3, $4]::int[])[g % 3 + 1]),
            case when g % 2 = 0 then array['bench/t' || g || '/a.ts'] else array['bench/t' || g || '/a.ts', 'bench/t' || g || '/b.ts'] end
     from generate_series(1, $1::int) as g`,
    [tasks, PRIORITY_RANK.low, PRIORITY_RANK.normal, PRIORITY_RANK.high],
  );
  await db.query('analyze tasks');
}

async function register(urls: readonly string[], agents: number, cell: string): Promise<{ id: string; client: Client }[]> {
  return Promise.all(
    Array.from({ length: agents }, async (_, i) => {
      const client = clientFor(urls[i % urls.length] ?? '');
      const agent = await client.register_agent.mutate({ name: `${cell}-${i}`, kind: 'cli' });
      return { id: agent.agent_id, client };
    }),
  );
}

/** Claim and lock cells through the first `replicas` of the cluster, for each agent count. */
export async function benchReplicas(
  cluster: ReplicaCluster,
  options: { readonly agentCounts: readonly number[]; readonly replicaCounts: readonly number[]; readonly timing: Timing; readonly seed: number; readonly lockAgents: number },
  log: (line: string) => void,
): Promise<ReplicaCell[]> {
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  const monitor = new pg.Client({ connectionString: cluster.databaseUrl });
  await monitor.connect();
  const cells: ReplicaCell[] = [];
  try {
    for (const replicas of options.replicaCounts) {
      const used = cluster.replicas.slice(0, replicas);
      const urls = used.map((r) => r.url);
      for (const agents of options.agentCounts) {
        log(`replicas: claims, ${agents} agent(s) through ${replicas} replica(s)`);
        await reseed(db, options.seed);
        const registered = await register(urls, agents, `claims-${replicas}-${agents}`);
        const seen = new Set<string>();
        let duplicates = 0;
        const busy = performance.eventLoopUtilization();
        const watch = watchCell(monitor, used);
        const loop = await closedLoop(agents, options.timing, async (caller) => {
          const agent = registered[caller];
          if (!agent) return 'stop';
          const { value, latencyMs } = await timed(() => agent.client.get_next_task.mutate({ agent_id: agent.id }));
          if (!value.task) return 'stop';
          if (seen.has(value.task.task_id)) duplicates++;
          seen.add(value.task.task_id);
          await agent.client.complete_task.mutate({ task_id: value.task.task_id, agent_id: agent.id });
          return { label: 'claimed', latencyMs };
        });
        const agentThreadBusy = performance.eventLoopUtilization(busy).utilization;
        cells.push({ kind: 'claims', replicas, agents, summary: summarize(loop, 'claimed'), duplicates, agentThreadBusy, ...(await watch.stop()) });
      }
      log(`replicas: lock acquire + release, ${options.lockAgents} agents through ${replicas} replica(s)`);
      const registered = await register(urls, options.lockAgents, `locks-${replicas}`);
      const busy = performance.eventLoopUtilization();
      const watch = watchCell(monitor, used);
      const loop = await closedLoop(options.lockAgents, options.timing, async (caller) => {
        const agent = registered[caller];
        if (!agent) return 'stop';
        const path = `bench/locks-${replicas}/own-${caller}.ts`;
        const { value, latencyMs } = await timed(() => agent.client.lock_files.mutate({ agent_id: agent.id, paths: [path] }));
        if (value.granted) await agent.client.release_files.mutate({ agent_id: agent.id, paths: [path] });
        return { label: value.granted ? 'granted' : 'refused', latencyMs };
      });
      const agentThreadBusy = performance.eventLoopUtilization(busy).utilization;
      cells.push({ kind: 'locks', replicas, agents: options.lockAgents, summary: summarize(loop), duplicates: 0, agentThreadBusy, ...(await watch.stop()) });
    }
  } finally {
    await db.end();
    await monitor.end();
  }
  return cells;
}
