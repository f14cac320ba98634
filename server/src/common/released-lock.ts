/**
 * A released lock as the wire shows it (`ReleasedLock`), from the columns a delete of `file_locks` returns.
 * Below both modules that delete locks: the lock module's own deletes (typed rows, `toReleased`) and a
 * task's status change, which deletes its task's locks in the same statement and reads them back as JSON
 * (`releasedFromJson`, parsed, never cast). The task module sits below the lock module (issue #19: modules
 * in one direction), so the one reading of a released lock lives here.
 */
import { z } from 'zod';
import { LockModeSchema, type LockMode, type ReleasedLock } from '@agent-coordinator/shared';

/** The columns `delete from file_locks … returning` gives back, as a released-lock record and its project. */
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

const ReleasedJsonSchema = z.object({ id: z.string(), path: z.string(), mode: LockModeSchema, agent_id: z.string(), task_id: z.string().nullable() });

/** A deleted lock row that came back as JSON (`row_to_json`/`json_agg`), parsed. */
export const releasedFromJson = (row: unknown): ReleasedLock => toReleased(ReleasedJsonSchema.parse(row));
