/**
 * How a task row, as the typed statements read it (task.repository.ts's `selectTasks`), becomes the wire's
 * `Task`; the SQL texts the task statements share (the claim order, a task's columns); and the reader of
 * the task rows no column type reads: the JSON of the two statements that hand rows back through
 * `row_to_json`/`json_agg` (a status change, `setStatus`; a claim, `claimWithLocks`), which no builder
 * types. Such a row is parsed into the typed row's shape (timestamps as ISO strings, the key number as a
 * safe integer), never cast.
 */
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { PrioritySchema, TaskStatusSchema, type Task } from '@agent-coordinator/shared';
import { int, isoTime } from '../../db/row-values.ts';

/** A task `t` with its dependencies in the statements read back as JSON: `returning ${TASK_COLUMNS}`. */
export const TASK_COLUMNS = raw.raw(`t.id, t.key_number, t.title, t.description, t.priority, t.status, t.capabilities, t.files,
  t.mission_id, t.sprint_id, t.assignee_id, t.claimed_by_id, t.progress_note, t.summary, t.created_at, t.updated_at,
  coalesce((select array_agg(d.depends_on_id::text order by d.depends_on_id) from task_dependencies d where d.task_id = t.id), '{}'::text[]) as depends_on`);

/** The order get_next_task considers open tasks in (after the agent's inbox). */
export const CLAIM_ORDER = raw.raw('t.priority_rank desc, t.created_at, t.key_number');


/** A timestamp in JSON: a string with the server's offset, read as an ISO string in UTC. */
const timestamp = z.string().transform(isoTime);
const textList = z.array(z.string()).readonly();

/** A task row (`TASK_COLUMNS`) as JSON gives it, read into the shape the typed statements give. */
const TaskJsonSchema = z.object({
  id: z.string(),
  key_number: z.number().transform(int),
  title: z.string(),
  description: z.string(),
  priority: PrioritySchema,
  status: TaskStatusSchema,
  capabilities: textList,
  files: textList,
  depends_on: textList,
  mission_id: z.string().nullable(),
  sprint_id: z.string().nullable(),
  assignee_id: z.string().nullable(),
  claimed_by_id: z.string().nullable(),
  progress_note: z.string().nullable(),
  summary: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A task row as the typed statements read it (task.repository.ts's `selectTasks`). */
export type TaskRow = z.output<typeof TaskJsonSchema>;

/** A task row as the wire shows it. */
export const toTask = (row: TaskRow): Task => ({
  task_id: row.id,
  key: `T-${row.key_number}`,
  title: row.title,
  description: row.description,
  priority: row.priority,
  status: row.status,
  capabilities: [...row.capabilities],
  files: [...row.files],
  depends_on: [...row.depends_on],
  mission_id: row.mission_id,
  sprint_id: row.sprint_id,
  assignee: row.assignee_id,
  claimed_by: row.claimed_by_id,
  progress_note: row.progress_note,
  summary: row.summary,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** A task row of a statement's JSON, parsed, as the wire shows it. */
export const taskFromJson = (row: unknown): Task => toTask(TaskJsonSchema.parse(row));
