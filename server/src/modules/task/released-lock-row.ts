/**
 * The locks a task's status change deletes (`setStatus` in task.repository.ts) come back as JSON through
 * `json_agg`, which no column type reads: parsed here into the wire's `ReleasedLock`, never cast. Kept in
 * the task module, the statement's one reader (the lock module's own deletes read typed rows), so the task
 * module does not import the lock module, which reads tasks (issue #19: modules in one direction).
 */
import { z } from 'zod';
import { LockModeSchema, type ReleasedLock } from '@agent-coordinator/shared';

/** The columns `setStatus` returns from its delete of the task's locks. */
export const RELEASED_COLUMNS = 'id, project, path, mode, agent_id, task_id';

const ReleasedLockRowSchema = z.object({ id: z.string(), path: z.string(), mode: LockModeSchema, agent_id: z.string(), task_id: z.string().nullable() });

export function releasedFromJson(row: unknown): ReleasedLock {
  const lock = ReleasedLockRowSchema.parse(row);
  return { lock_id: lock.id, path: lock.path, mode: lock.mode, held_by_id: lock.agent_id, task_id: lock.task_id };
}
