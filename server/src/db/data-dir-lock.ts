/**
 * One coordinator per embedded data folder. Two processes on one PGlite folder each believe they own
 * the database files and corrupt them, so the server takes this lock before PGlite opens the folder and
 * holds it until it has closed the database. (PostgreSQL needs none: it serialises its clients itself.)
 *
 * The lock is the file `coordinator.lock` inside the folder, created atomically (a complete file is
 * hard-linked into place, so no reader ever sees it half written) and holding JSON: the owner's pid, the
 * URL it serves once it listens, when it started, its host name and, on Linux, the kernel's start time of
 * that process. Node has no flock, and a lock must not outlive its process, so a holder is checked for
 * life rather than trusted: the lock is taken over when its pid no longer runs on this host, when that pid
 * now belongs to a younger process (the pid was reused after a crash), or when it is this very process's
 * pid (a container restarted with the same pid 1). So a SIGKILLed or crashed server never blocks the next
 * start, and a live one is never taken over. A lock written on another host (a folder on a network share)
 * cannot be checked and is honoured: the message says to delete the file once that server is stopped.
 */
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { CoordinatorError } from '@agent-coordinator/shared';

export const LOCK_FILE = 'coordinator.lock';

interface Holder {
  readonly pid: number;
  readonly url: string | null;
  readonly startedAt: string;
  readonly host: string;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot), to tell a reused pid from the holder. */
  readonly procStart: string | null;
}

export interface DataDirLock {
  readonly file: string;
  /** Records the URL the server listens on, for the message a second start prints. */
  record(url: string): Promise<void>;
  /** Removes the lock file if it is still this process's. Idempotent. */
  release(): Promise<void>;
}

/** Folders locked by this process: a second open in the same process is refused too (same pid, same host). */
const heldHere = new Set<string>();

function procStartOf(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || !('pid' in value) || typeof value.pid !== 'number') return null;
    const field = (name: string): string | null => {
      const v: unknown = name in value ? Reflect.get(value, name) : null;
      return typeof v === 'string' ? v : null;
    };
    return { pid: value.pid, url: field('url'), startedAt: field('startedAt') ?? '?', host: field('host') ?? '', procStart: field('procStart') };
  } catch {
    return null;
  }
}

/** Whether the recorded holder still runs; a lock that cannot be read is stale (its writer never finished). */
function isLive(holder: Holder | null): holder is Holder {
  if (holder === null) return false;
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid || !isRunning(holder.pid)) return false;
  const now = procStartOf(holder.pid);
  return holder.procStart === null || now === null || now === holder.procStart;
}

function heldMessage(dataDir: string, file: string, holder: Holder): string {
  const where = holder.url ? `serving ${holder.url}` : 'still starting';
  if (holder.host !== hostname()) {
    return `data folder ${dataDir} is in use by a coordinator on host ${holder.host} (pid ${holder.pid}, ${where}, since ${holder.startedAt}): stop it, or delete ${file} if it is no longer running, or pass another --data-dir`;
  }
  return `data folder ${dataDir} is in use by another coordinator (pid ${holder.pid}, ${where}, since ${holder.startedAt}): use that server, stop it (kill ${holder.pid}), or pass another --data-dir`;
}

const errorCode = (error: unknown): unknown => (error instanceof Error && 'code' in error ? error.code : undefined);

/** Takes the folder's lock or throws CONFLICT naming the running holder. Creates the folder (0700) if needed. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  if (heldHere.has(dir)) {
    throw new CoordinatorError('CONFLICT', `data folder ${dir} is already open in this process: close that server first, or pass another --data-dir`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const me: Holder = { pid: process.pid, url: null, startedAt: new Date().toISOString(), host: hostname(), procStart: procStartOf(process.pid) };
  const write = async (holder: Holder): Promise<string> => {
    const temp = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
    await writeFile(temp, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    return temp;
  };

  for (let attempt = 0; ; attempt++) {
    const temp = await write(me);
    try {
      await link(temp, file); // atomic: fails with EEXIST while anyone holds the lock
      heldHere.add(dir);
      break;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) continue; // released meanwhile: try again
      const holder = parseHolder(text);
      if (isLive(holder) || attempt >= 3) {
        throw new CoordinatorError('CONFLICT', holder ? heldMessage(dir, file, holder) : `data folder ${dir} is locked by ${file}: delete it if no coordinator runs there`);
      }
      // Stale (its process is gone): take it over. Re-read first so a lock another starter has just
      // taken over in the meantime is not removed.
      if ((await readFile(file, 'utf8').catch(() => null)) === text) await unlink(file).catch(() => {});
    } finally {
      await unlink(temp).catch(() => {});
    }
  }

  let current = me;
  let released = false;
  return {
    file,
    record: async (url) => {
      if (released) return;
      current = { ...current, url };
      const temp = await write(current);
      await rename(temp, file); // atomic replace: readers see the old or the new content, never half
    },
    release: async () => {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      const holder = parseHolder((await readFile(file, 'utf8').catch(() => null)) ?? '');
      if (holder?.pid === process.pid && holder.host === me.host) await unlink(file).catch(() => {});
    },
  };
}
