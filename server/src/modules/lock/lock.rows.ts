/** How locks are read from the database, written to it, and shaped for the wire. */
import { randomUUID } from 'node:crypto';
import type { Lock, LockMode } from '@agent-coordinator/shared';
import type { Row } from '../../db/database.ts';
import { int, isoTime, text, textOrNull } from '../../db/row-values.ts';

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

export function lockFromRow(row: Row): Lock {
  const keyNumber = row['task_key_number'];
  return {
    lock_id: text(row['id']),
    path: text(row['path']),
    mode: text(row['mode']) as LockMode,
    held_by: text(row['agent_name']),
    held_by_id: text(row['agent_id']),
    task_id: textOrNull(row['task_id']),
    task_key: keyNumber === null || keyNumber === undefined ? null : `T-${int(keyNumber)}`,
    reason: textOrNull(row['reason']),
    acquired_at: isoTime(row['acquired_at']),
    expires_at: isoTime(row['expires_at']),
    fencing_token: int(row['fencing_token']),
  };
}
