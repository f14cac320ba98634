/**
 * The database: MikroORM 7 on PostgreSQL (DATABASE_URL) or on embedded PGlite with pgvector in a data
 * folder. The ORM owns the connections and the migrations; repositories speak SQL through the ORM's
 * Kysely instance (typed statements, or `sql` templates), parameters bound by the builder, the same
 * statements on both engines.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { MikroORM as PgliteORM } from '@mikro-orm/pglite';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { sql as raw, type Kysely } from 'kysely';
import { Migrator } from '@mikro-orm/migrations';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { MIGRATIONS } from './migrations/index.ts';
import { ENTITIES, type DB } from './entities.ts';
import { reserveConnection, type ReservedConnection, type ReservedSql } from './reserved-connection.ts';
import { sqlOf, type Sql } from './sql-executor.ts';
import { EntityValuesPlugin } from './entity-values-plugin.ts';
import { readDataImage } from './data-image.ts';
import { untarGz } from './untar.ts';
import { restrictToOwner } from './owner-only.ts';
import { LOCK_FILE } from './data-dir-lock.ts';

// Sql lives with the executor that implements them, so the connection helpers need not import this file back.
export type { Sql } from './sql-executor.ts';
export type { ReservedSql } from './reserved-connection.ts';

const CLOSE_TIMEOUT_MS = 3_000;

/**
 * The embedded engine's shared buffer pool. initdb writes PostgreSQL's server default (128 MB) into the
 * data folder's postgresql.conf, and PGlite keeps the whole pool resident in its WebAssembly memory from
 * the start: PGlite alone idles at ≈ 340 MiB RSS with 128 MB and ≈ 235 MiB with 32 MB. A coordinator's
 * working set (tasks, locks, events, knowledge) is far smaller, and its files stay in the OS page cache.
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

export interface Database extends Sql {
  readonly engine: 'pglite' | 'postgresql';
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** A connection of its own for one serialised job (reserved-connection.ts); on PGlite, its one connection. Released by `close`. */
  reserve(): ReservedSql;
  close(): Promise<void>;
}

export type DatabaseTarget = { readonly engine: 'postgresql'; readonly url: string } | { readonly engine: 'pglite'; readonly dataDir: string };

/** What both engines' ORM is initialised with (exported for the schema-drift check). */
export const ORM_OPTIONS = {
  migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, snapshot: false, silent: true },
  extensions: [Migrator],
  entities: [...ENTITIES],
  debug: false,
  allowGlobalContext: false,
};

async function openOrm(target: DatabaseTarget): Promise<{ orm: PostgresORM | PgliteORM; closeExtra: () => Promise<void> }> {
  if (target.engine === 'postgresql') {
    const orm = await PostgresORM.init({ ...ORM_OPTIONS, clientUrl: target.url, pool: { min: 1, max: 16 } });
    return { orm, closeExtra: async () => {} };
  }
  const pglite = await openPglite(target.dataDir);
  await restrictToOwner(target.dataDir);
  const orm = await PgliteORM.init({ ...ORM_OPTIONS, dbName: 'coordinator', driverOptions: { pglite } });
  return { orm, closeExtra: () => pglite.close() };
}

const pgliteOptions = (dataDir: string): PGliteOptions => ({
  dataDir,
  extensions: { vector },
  startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
});

/**
 * Opens the folder; an empty one starts from the data image (data-image.ts, unpacked by untar.ts) instead
 * of running initdb. An image this PGlite cannot open leaves a folder behind: it is emptied and initdb runs.
 */
async function openPglite(dataDir: string): Promise<PGlite> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const fresh = !(await readdir(dataDir)).includes('PG_VERSION');
  const image = fresh ? await readDataImage() : null;
  if (image) {
    try {
      await untarGz(image, dataDir);
      return await PGlite.create(pgliteOptions(dataDir));
    } catch {
      for (const entry of await readdir(dataDir)) {
        if (entry !== LOCK_FILE) await rm(join(dataDir, entry), { recursive: true, force: true });
      }
    }
  }
  return PGlite.create(pgliteOptions(dataDir));
}

/** Key of the session-level advisory lock that serialises migrations (see advisory-locks.ts for the others). */
const MIGRATION_LOCK_KEY = 74_210_004;

/**
 * Several replicas starting at once on one PostgreSQL would run the same migrations concurrently and
 * collide on the catalog: one at a time, under an advisory lock held on a connection of its own; the
 * others find the migrations applied when their turn comes.
 */
async function migrate(orm: PostgresORM | PgliteORM, engine: DatabaseTarget['engine']): Promise<void> {
  if (engine !== 'postgresql') {
    await orm.migrator.up();
    return;
  }
  const kysely = (orm.em.fork() as SqlEntityManager).getKysely();
  await kysely.connection().execute(async (connection) => {
    await raw`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
    try {
      await orm.migrator.up();
    } finally {
      await raw`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
    }
  });
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const { orm, closeExtra } = await openOrm(target);
  try {
    await migrate(orm, target.engine);
  } catch (error) {
    await orm.close(true);
    await closeExtra();
    throw error;
  }
  // One Kysely over the ORM's pool for every statement (no entity manager forked per statement). On
  // PostgreSQL a transaction is Kysely's own on a pooled connection: the ORM's unit of work has nothing to
  // flush here (no entities), and skipping it saves about a quarter of a millisecond of CPU per change.
  // PGlite keeps the ORM's transactions, as before: its one in-process connection bounds it long before that.
  // The entity plugin reads result columns of entity tables through their column types (convertValues,
  // entity-values-plugin.ts); a `sql` template names no table and passes through untouched.
  const plugin = new EntityValuesPlugin(orm.em.fork() as SqlEntityManager);
  const typed = (executor: Kysely<unknown>): Kysely<DB> => executor.withPlugin(plugin) as Kysely<DB>;
  const kysely = typed((orm.em.fork() as SqlEntityManager).getKysely());
  const reserved: ReservedConnection[] = [];
  return {
    engine: target.engine,
    db: kysely,
    reserve: () => {
      if (target.engine !== 'postgresql') return { run: async (statement) => (await statement.execute(kysely)).rows };
      const connection = reserveConnection(kysely);
      reserved.push(connection);
      return connection;
    },
    transaction:
      target.engine === 'postgresql'
        ? (work) => kysely.transaction().execute((trx) => work(sqlOf(trx)))
        : (work) => (orm.em.fork() as SqlEntityManager).transactional((tx) => work(sqlOf(typed((tx as SqlEntityManager).getKysely())))),
    close: async () => {
      for (const connection of reserved) connection.release();
      // A connection that died mid-transaction (database restarted) can keep the pool from ending:
      // shutdown waits a bounded time for it rather than hanging.
      let timer: NodeJS.Timeout | undefined;
      const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
      await Promise.race([orm.close(true), bounded]);
      clearTimeout(timer);
      await closeExtra();
    },
  };
}
