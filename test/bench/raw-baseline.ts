/**
 * The raw claim loop every coordinator figure is divided by: the exactly-once claim statement alone,
 * `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id`, on a table of its own
 * with a partial index on open rows — no transport, no locks, no events. On PostgreSQL each caller is
 * its own `pg` connection with a named (prepared) statement, in a scratch database; on PGlite the callers
 * share one in-process instance on a data folder, like the coordinator's, and so serialise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { provisionPostgres, type PostgresHandle } from '../support/postgres.ts';
import { closedLoop, timed, type Timing } from './closed-loop.ts';
import { summarize, type Summary } from './stats.ts';

const CLAIM_SQL = `UPDATE bench_tasks SET status = 'claimed', claimed_by = $1
  WHERE id = (SELECT id FROM bench_tasks WHERE status = 'open' ORDER BY priority DESC, id FOR UPDATE SKIP LOCKED LIMIT 1)
  RETURNING id`;

const SCHEMA = [
  `CREATE TABLE bench_tasks (id bigint PRIMARY KEY, priority int NOT NULL, status text NOT NULL DEFAULT 'open', claimed_by text)`,
  `CREATE INDEX bench_tasks_open ON bench_tasks (priority DESC, id) WHERE status = 'open'`,
];
const reseed = (rows: number): string[] => [
  `TRUNCATE bench_tasks`,
  `INSERT INTO bench_tasks (id, priority) SELECT g, g % 3 FROM generate_series(1, ${rows}) AS g`,
  `ANALYZE bench_tasks`,
];

/** Claims per caller the seed must cover: generous, so a loop never runs dry inside its window. */
const seedRows = (timing: Timing, ceilingPerSecond: number): number => Math.ceil(((timing.warmupMs + timing.durationMs) / 1000) * ceilingPerSecond * 1.5);

export interface RawBaseline {
  /** The engine and the settings that bound a commit's cost (PostgreSQL: version, fsync, synchronous_commit). */
  readonly describe: string;
  measure(callers: number, timing: Timing): Promise<Summary>;
  close(): Promise<void>;
}

/** null when no PostgreSQL is reachable (see provisionPostgres). */
export async function rawPostgres(): Promise<RawBaseline | null> {
  const database: PostgresHandle | null = await provisionPostgres();
  if (!database) return null;
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  for (const statement of SCHEMA) await admin.query(statement);
  const settings = await admin.query<{ version: string; fsync: string; commit: string }>(
    `select current_setting('server_version') as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as commit`,
  );
  const s = settings.rows[0];
  return {
    describe: s ? `PostgreSQL ${s.version} (fsync=${s.fsync}, synchronous_commit=${s.commit})` : 'PostgreSQL',
    async measure(callers, timing) {
      for (const statement of reseed(seedRows(timing, 15_000))) await admin.query(statement);
      const clients = Array.from({ length: callers }, () => new pg.Client({ connectionString: database.url }));
      await Promise.all(clients.map((c) => c.connect()));
      try {
        const result = await closedLoop(callers, timing, async (caller) => {
          const client = clients[caller];
          if (!client) return 'stop';
          const { value, latencyMs } = await timed(() => client.query({ name: 'claim', text: CLAIM_SQL, values: [`raw-${caller}`] }));
          return value.rowCount === 1 ? { label: 'claimed', latencyMs } : 'stop';
        });
        return summarize(result, 'claimed');
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    },
    async close() {
      await admin.end();
      await database.drop();
    },
  };
}

export async function rawPglite(): Promise<RawBaseline> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-bench-pglite-'));
  const db = await PGlite.create({ dataDir });
  for (const statement of SCHEMA) await db.exec(statement);
  const version = (await db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?';
  return {
    describe: `PGlite (PostgreSQL ${version}, one in-process instance on a data folder)`,
    async measure(callers, timing) {
      for (const statement of reseed(seedRows(timing, 6_000))) await db.exec(statement);
      const result = await closedLoop(callers, timing, async (caller) => {
        const { value, latencyMs } = await timed(() => db.query(CLAIM_SQL, [`raw-${caller}`]));
        return value.rows.length === 1 ? { label: 'claimed', latencyMs } : 'stop';
      });
      return summarize(result, 'claimed');
    },
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
