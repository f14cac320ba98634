/**
 * How a lock row becomes the wire's `Lock`, and what the lock statements no builder types need: the lock
 * insert from `unnest` and the reading of new locks back joined with holder and task (`LockRepository.insert`'s
 * data-modifying CTE, `claimWithLocks`) as Kysely `sql` templates, whose values the builder binds, and the
 * reader of their rows, which no column type reads — a driver's row of a CTE (a timestamp a Date on
 * PGlite, a bigint a string on node-pg) or JSON (`claimWithLocks`). Such a row is parsed into the typed
 * row's shape, never cast. (A released lock is read by common/released-lock.ts.)
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sql as raw, type RawBuilder } from 'kysely';
import { LockModeSchema, type Lock, type LockMode } from '@agent-coordinator/shared';
import { integerValue, timestampValue } from '../../db/row-values.ts';
import { taskKey } from '../../common/task-key.ts';

/** Selects locks `l` from a source (the table, or a CTE of rows just written) with holder name and task key. */
export const lockSelectFrom = (source: string): RawBuilder<unknown> =>
  raw.raw(`select l.id, l.path, l.mode, l.agent_id, a.name as agent_name, l.task_id,
    tk.key_number as task_key_number, l.reason, l.acquired_at, l.expires_at, l.fencing_token
  from ${source} l join agents a on a.id = l.agent_id left join tasks tk on tk.id = l.task_id`);

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
 * `insert into file_locks … returning *` of the new locks, each with a new id, given as eight array
 * parameters bound by the builder (one per column, read back by `unnest`); `where` may keep only some of
 * them (`where x.task_id in …`).
 */
export function insertLocks(locks: readonly NewLock[], where: RawBuilder<unknown> = raw``): RawBuilder<unknown> {
  return raw`insert into file_locks (id, project, path, mode, agent_id, task_id, reason, ttl_seconds, expires_at)
    select id, project, path, mode, agent_id, task_id, reason, ttl, now() + make_interval(secs => ttl)
    from unnest(${locks.map(() => randomUUID())}::uuid[], ${locks.map((l) => l.project)}::text[], ${locks.map((l) => l.path)}::text[],
      ${locks.map((l) => l.mode)}::text[], ${locks.map((l) => l.agentId)}::uuid[], ${locks.map((l) => l.taskId)}::uuid[],
      ${locks.map((l) => l.reason)}::text[], ${locks.map((l) => l.ttlSeconds)}::int[])
      as x(id, project, path, mode, agent_id, task_id, reason, ttl)
    ${where}
    returning *`;
}

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

/** A lock row (`lockSelectFrom`) as a driver or JSON gives it, read into the typed row's shape. */
const UntypedLockRowSchema = z.object({
  id: z.string(),
  path: z.string(),
  mode: LockModeSchema,
  agent_id: z.string(),
  agent_name: z.string(),
  task_id: z.string().nullable(),
  task_key_number: integerValue.nullable(),
  reason: z.string().nullable(),
  acquired_at: timestampValue,
  expires_at: timestampValue,
  fencing_token: integerValue,
});

/** A lock row no column type read (the insert's CTE, or JSON), parsed, as the wire shows it. */
export const lockFromUntypedRow = (row: unknown): Lock => toLock(UntypedLockRowSchema.parse(row));
