/** How locks are read from the database and shaped for the wire. */
import type { Lock, LockMode, ReleasedLock } from '@agent-coordinator/shared';
import type { Row } from '../../db/database.ts';
import { int, isoTime, text, textOrNull } from '../../db/row-values.ts';

/** Selects locks `l` from a source (the table, or a CTE of rows just written) with holder name and task key. */
export const lockSelectFrom = (source: string): string => `select l.id, l.path, l.mode, l.agent_id, a.name as agent_name, l.task_id,
    tk.key_number as task_key_number, l.reason, l.acquired_at, l.expires_at, l.fencing_token
  from ${source} l join agents a on a.id = l.agent_id left join tasks tk on tk.id = l.task_id`;

/** Selects a lock `l` from the table with its holder's name and task key. */
export const LOCK_SELECT = lockSelectFrom('file_locks');

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

/** The columns `delete from file_locks … returning` gives back, as a released-lock record (and its project). */
export const RELEASED_COLUMNS = 'id, project, path, mode, agent_id, task_id';
export const releasedFromRow = (row: Row): ReleasedLock => ({
  lock_id: text(row['id']),
  path: text(row['path']),
  mode: text(row['mode']) as LockMode,
  held_by_id: text(row['agent_id']),
  task_id: textOrNull(row['task_id']),
});
