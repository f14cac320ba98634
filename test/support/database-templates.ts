/**
 * Migrated, empty databases made once per run and copied for each test coordinator, instead of every suite
 * running every migration on a new database. On this machine a new PGlite folder took 20–27 s to open under
 * load (the data image unpacked, then all migrations) against about 2 s to open one already migrated; a new
 * PostgreSQL database 1.5–2 s against 0.1–0.3 s.
 *
 * The templates are made by the server's own `openDatabase` (the real migrations), so a copy is exactly
 * what a first start leaves behind. Suites about first starts, migrations and data images make their own.
 * Mocha runs `mochaGlobalSetup` once, in the main process before any worker of a parallel run starts, and
 * passes the templates on in the environment; a run without it (a single file under `--no-config`) gets
 * fresh databases, as before.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../server/src/db/database.ts';
import { createSharedServerDatabase, type PostgresHandle } from './postgres.ts';

const PGLITE_TEMPLATE_ENV = 'AC_TEST_PGLITE_TEMPLATE';
const POSTGRES_TEMPLATE_ENV = 'AC_TEST_POSTGRES_TEMPLATE';

let postgresTemplate: PostgresHandle | null = null;

export async function mochaGlobalSetup(): Promise<void> {
  const started = Date.now();
  const [pglite, postgres] = await Promise.all([migratedPgliteFolder(), migratedPostgresDatabase()]);
  if (pglite) process.env[PGLITE_TEMPLATE_ENV] = pglite;
  if (postgres) {
    postgresTemplate = postgres;
    process.env[POSTGRES_TEMPLATE_ENV] = postgres.url;
  }
  console.log(`  (database templates made in ${((Date.now() - started) / 1000).toFixed(1)} s: pglite ${pglite ? 'yes' : 'no'}, postgresql ${postgres ? 'yes' : 'no'})`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  const pglite = process.env[PGLITE_TEMPLATE_ENV];
  if (pglite) await rm(pglite, { recursive: true, force: true });
  await postgresTemplate?.drop();
}

/** A new PGlite data folder: a copy of the run's migrated template when there is one (and `empty` is not asked), else empty. */
export async function newPgliteFolder(options: { readonly empty?: boolean } = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ac-test-'));
  const template = options.empty === true ? undefined : process.env[PGLITE_TEMPLATE_ENV];
  if (template) await copyFolder(template, dir);
  return dir;
}

/** The name of the run's migrated PostgreSQL template database, if one was made. */
export function postgresTemplateName(): string | undefined {
  const url = process.env[POSTGRES_TEMPLATE_ENV];
  return url ? decodeURIComponent(new URL(url).pathname.slice(1)) : undefined;
}

/** `cp -a` copies the folder's 1,200 files in 0.7 s where fs.cp took 2.6-3.3 s (load 12); fs.cp where there is no cp. */
async function copyFolder(from: string, to: string): Promise<void> {
  if (process.platform === 'win32') await cp(from, to, { recursive: true });
  else await promisify(execFile)('cp', ['-a', `${from}/.`, to]);
}

async function migratedPgliteFolder(): Promise<string | null> {
  const dir = await mkdtemp(join(tmpdir(), 'ac-template-'));
  try {
    await (await openDatabase({ engine: 'pglite', dataDir: dir })).close();
    return dir;
  } catch (error) {
    console.warn(`  (no PGlite template, each suite migrates its own folder: ${String(error)})`);
    await rm(dir, { recursive: true, force: true });
    return null;
  }
}

/** Only on a server every suite shares: a throwaway cluster is started per suite, so a template there helps nobody. */
async function migratedPostgresDatabase(): Promise<PostgresHandle | null> {
  const database = await createSharedServerDatabase().catch(() => null);
  if (!database) return null;
  try {
    await (await openDatabase({ engine: 'postgresql', url: database.url })).close();
    return database;
  } catch (error) {
    console.warn(`  (no PostgreSQL template, each suite migrates its own database: ${String(error)})`);
    await database.drop();
    return null;
  }
}
