/**
 * A fresh PostgreSQL database per suite, from the first source that works:
 * 1. `TEST_DATABASE_URL` (any server the URL's user may create databases on);
 * 2. the local server at postgres://postgres@127.0.0.1:5432 (trust auth, as on CI);
 * 3. a throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql/<version>/bin) on a free port.
 * With none: CI (`CI=true`) fails loudly; elsewhere the result is null and the suite skips.
 *
 *   let pg: PostgresHandle | null;
 *   before(async function () { pg = await provisionPostgres(); if (!pg) this.skip(); });
 *   after(() => pg?.drop());
 */
import { execFile as execFileCallback } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.ts';
import { recordSkip } from './skips.ts';

const execFile = promisify(execFileCallback);

export interface PostgresHandle {
  /** Connection URL of the suite's own database. */
  readonly url: string;
  /** Drops the database (and stops the throwaway cluster, if one was started). */
  drop(): Promise<void>;
}

const LOCAL_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const POSTGRES_LIB = '/usr/lib/postgresql';

export interface ProvisionOptions {
  /**
   * A database on the same server to copy instead of starting empty (database-templates.ts keeps a migrated
   * one per run). Where it cannot be copied, the database starts empty.
   */
  readonly template?: string;
}

export async function provisionPostgres(options: ProvisionOptions = {}): Promise<PostgresHandle | null> {
  const explicit = process.env['TEST_DATABASE_URL'];
  if (explicit) return createDatabase(explicit, undefined, options.template); // configured explicitly: a failure is an error, not a fallback

  const failures: string[] = [];
  try {
    return await createDatabase(LOCAL_SERVER_URL, undefined, options.template);
  } catch (error) {
    failures.push(`${LOCAL_SERVER_URL}: ${reason(error)}`);
  }
  try {
    return await startThrowawayCluster();
  } catch (error) {
    failures.push(`throwaway cluster: ${reason(error)}`);
  }

  if (process.env['CI'] === 'true') {
    throw new Error(
      'PostgreSQL is required in CI. Set TEST_DATABASE_URL=postgres://USER@HOST:PORT/postgres (a user allowed to ' +
        'create databases), run PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres, or install the ' +
        `server binaries under ${POSTGRES_LIB}/<version>/bin. Tried: ${failures.join('; ')}`,
    );
  }
  const skipped = `PostgreSQL not available (${failures.join('; ')}): run PostgreSQL on 127.0.0.1:5432 with trust auth for user postgres, or set TEST_DATABASE_URL`;
  console.warn(`  (skipping: ${skipped})`);
  recordSkip(skipped);
  return null;
}

/** A new empty database on the server every suite shares (TEST_DATABASE_URL or the local one), else null: never a throwaway cluster. */
export async function createSharedServerDatabase(): Promise<PostgresHandle | null> {
  const explicit = process.env['TEST_DATABASE_URL'];
  return createDatabase(explicit || LOCAL_SERVER_URL).catch(() => null);
}

/**
 * Creates `ac_test_<random>` on the server of `serverUrl` (a copy of `template` when that database exists
 * there, else empty); drop() removes it even with open connections.
 */
async function createDatabase(serverUrl: string, onDropped: () => Promise<void> = async () => {}, template?: string): Promise<PostgresHandle> {
  const name = `ac_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, async (client) => {
    if (template !== undefined) {
      const copied = await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`).then(
        () => true,
        () => false,
      );
      if (copied) return;
    }
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      try {
        await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      } finally {
        await onDropped();
      }
    },
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL server of the test's own, which it may stop and start (fault tests). */
export interface OwnCluster extends PostgresHandle {
  /** Stops the server at once (as a crash would), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

/** initdb + pg_ctl in a temp dir; PostgreSQL refuses to run as root, so as root both run as `postgres`. */
export async function startOwnCluster(): Promise<OwnCluster> {
  const bin = await postgresBinDir();
  const owner = userInfo().uid === 0 ? await systemUser('postgres') : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'ac-pg-'));
  const data = join(dir, 'data');
  const run = (tool: string, args: string[]) => execFile(join(bin, tool), args, { ...owner, cwd: dir, timeout: 60_000 });
  let running = false;
  let options = '';
  const start = async (): Promise<void> => {
    // -l: the server's output goes to a file, so pg_ctl's pipes close once it has started.
    await run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
    running = true;
  };
  const stop = async (): Promise<void> => {
    if (running) await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    running = false;
  };
  const remove = async (): Promise<void> => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-locale', '-E', 'UTF8']);
    const port = await freePort();
    options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await start();
    const database = await createDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`, remove);
    return { ...database, stop, start };
  } catch (error) {
    await remove();
    throw error;
  }
}

const startThrowawayCluster = (): Promise<PostgresHandle> => startOwnCluster();

/** An own cluster for a fault suite: under CI a failure to start one fails the run; elsewhere null (skip). */
export async function provisionOwnCluster(): Promise<OwnCluster | null> {
  return startOwnCluster().catch((error: unknown) => {
    if (process.env['CI'] === 'true') throw error;
    return null;
  });
}

/** The newest /usr/lib/postgresql/<version>/bin. */
async function postgresBinDir(): Promise<string> {
  const versions = await readdir(POSTGRES_LIB).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error(`no PostgreSQL server binaries under ${POSTGRES_LIB}`);
  return join(POSTGRES_LIB, newest, 'bin');
}

async function systemUser(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([execFile('id', ['-u', name]), execFile('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** One line saying why an attempt failed: a tool's last stderr line, else the error's first line. */
function reason(error: unknown): string {
  const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '';
  if (stderr) return stderr.split('\n').at(-1) ?? stderr;
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error ? String(error.code) : 'unknown error';
  return error.message.split('\n')[0] || code;
}
