/**
 * How a lock row becomes the wire's `Lock` (or `ReleasedLock`), and what the lock statements no builder
 * types need: the SQL texts of the lock insert from `unnest` and of reading new locks back joined with
 * holder and task (`LockRepository.insert`'s data-modifying CTE, `claimWithLocks`), and the readers of
 * their rows, which no column type reads — a driver's row of a CTE (a timestamp a Date on PGlite, a bigint
 * a string on node-pg) or JSON (`claimWithLocks`; a task's `setStatus` reads its deleted locks with task/released-lock-row.ts). Such a row is parsed into the
 * typed row's shape, never cast.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LockModeSchema, type Lock, type LockMode, type ReleasedLock } from '@agent-coordinator/shared';
import { int, isoTime } from '../../db/row-values.ts';
import { taskKey } from '../../common/task-key.ts';

/** Selects locks `l` from a source (the table, or a CTE of rows just written) with holder name and task key. */
export const lockSelectFrom = (source: string): string => `select l.id, l.path, l.mode, l.agent_id, a.name as agent_name, l.task_id,
    tk.key_number as task_key_number, l.reason, l.acquired_at, l.expires_at, l.fencing_token
  from ${source} l join agents a on a.id = l.agent_id left join tasks tk on tk.id = l.task_id`;

export interface NewLock {
  readonly project: string;
  readonly path: string;
  readonly mode: LockMode;
  readonly agentId: string;
  readonly taskId: string | null;
  readonly reason: string | null;
  readonly ttlSeconds: number;
}

/**
 * `insert into file_locks … returning *` of the new locks given as the 8 parameters from `$first` on
 * (`newLockParameters`); `where` may keep only some of them (`x.task_id in …`).
 */
export function insertLocks(first: number, where = ''): string {
  const [id, project, path, mode, agent, task, reason, ttl] = Array.from({ length: 8 }, (_, i) => `$${first + i}`);
  return `insert into file_locks (id, project, path, mode, agent_id, task_id, reason, ttl_seconds, expires_at)
    select id, project, path, mode, agent_id, task_id, reason, ttl, now() + make_interval(secs => ttl)
    from unnest(${id}::uuid[], ${project}::text[], ${path}::text[], ${mode}::text[], ${agent}::uuid[], ${task}::uuid[], ${reason}::text[], ${ttl}::int[])
      as x(id, project, path, mode, agent_id, task_id, reason, ttl)
    ${where}
    returning *`;
}

/** The 8 parameters of `insertLocks`, each lock with a new id. */
export const newLockParameters = (locks: readonly NewLock[]): unknown[][] => [
  locks.map(() => randomUUID()),
  locks.map((l) => l.project),
  locks.map((l) => l.path),
  locks.map((l) => l.mode),
  locks.map((l) => l.agentId),
  locks.map((l) => l.taskId),
  locks.map((l) => l.reason),
  locks.map((l) => l.ttlSeconds),
];

/** A lock row with its holder's name and its task's key number (`lockSelectFrom`, lock.repository.ts's `selectLocks`). */
export interface LockRow {
  readonly id: string;
  readonly path: string;
  readonly mode: LockMode;
  readonly agent_id: string;
  readonly agent_name: string;
  readonly task_id: string | null;
  /** Renamed by `as`, no column type reads it: a string on node-pg, a number on PGlite (taskKey reads both). */
  readonly task_key_number: number | string | null;
  readonly reason: string | null;
  readonly acquired_at: string;
  readonly expires_at: string;
  readonly fencing_token: number;
}

/** A lock row as the wire shows it. */
export const toLock = (row: LockRow): Lock => ({
  lock_id: row.id,
  path: row.path,
  mode: row.mode,
  held_by: row.agent_name,
  held_by_id: row.agent_id,
  task_id: row.task_id,
  task_key: row.task_key_number === null ? null : taskKey(row.task_key_number),
  reason: row.reason,
  acquired_at: row.acquired_at,
  expires_at: row.expires_at,
  fencing_token: row.fencing_token,
});

const timestamp = z.union([z.string(), z.date()]).transform(isoTime);
const bigint = z.union([z.number(), z.string()]);

/** A lock row (`lockSelectFrom`) as a driver or JSON gives it, read into the typed row's shape. */
const UntypedLockRowSchema = z.object({
  id: z.string(),
  path: z.string(),
  mode: LockModeSchema,
  agent_id: z.string(),
  agent_name: z.string(),
  task_id: z.string().nullable(),
  task_key_number: bigint.nullable(),
  reason: z.string().nullable(),
  acquired_at: timestamp,
  expires_at: timestamp,
  fencing_token: bigint.transform(int),
});

/** A lock row no column type read (the insert's CTE, or JSON), parsed, as the wire shows it. */
export const lockFromUntypedRow = (row: unknown): Lock => toLock(UntypedLockRowSchema.parse(row));

/** The columns `delete from file_locks … returning` gives back, as a released-lock record (and its project). */
export const RELEASED_COLUMNS = ['id', 'project', 'path', 'mode', 'agent_id', 'task_id'] as const;

/** A deleted lock row (`RELEASED_COLUMNS` but the project). */
export interface ReleasedRow {
  readonly id: string;
  readonly path: string;
  readonly mode: LockMode;
  readonly agent_id: string;
  readonly task_id: string | null;
}

export const toReleased = (row: ReleasedRow): ReleasedLock => ({ lock_id: row.id, path: row.path, mode: row.mode, held_by_id: row.agent_id, task_id: row.task_id });
