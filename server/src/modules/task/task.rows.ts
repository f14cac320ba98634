/**
 * How a task row becomes the wire's `Task`, and the reader for task rows no column type read: the JSON of
 * the statements that hand rows back through `row_to_json`/`json_agg` (a status change, the claim) and the
 * hand-written statements not converted yet (board, state snapshot). Such a row is parsed into the typed
 * row's shape (timestamps as ISO strings, the key number as a safe integer), never cast.
 */
import { z } from 'zod';
import { PrioritySchema, TaskStatusSchema, type Task } from '@agent-coordinator/shared';
import { int, isoTime } from '../../db/row-values.ts';

/** Selects a task `t` with its dependencies in hand-written SQL: `select ${TASK_COLUMNS} from tasks t`. */
export const TASK_COLUMNS = `t.id, t.key_number, t.title, t.description, t.priority, t.status, t.capabilities, t.files,
  t.mission_id, t.sprint_id, t.assignee_id, t.claimed_by_id, t.progress_note, t.summary, t.created_at, t.updated_at,
  coalesce((select array_agg(d.depends_on_id::text order by d.depends_on_id) from task_dependencies d where d.task_id = t.id), '{}'::text[]) as depends_on`;

/** The order get_next_task considers open tasks in (after the agent's inbox). */
export const CLAIM_ORDER = 't.priority_rank desc, t.created_at, t.key_number';


const timestamp = z.union([z.string(), z.date()]).transform(isoTime);
const textList = z.array(z.string()).readonly();

/** A task row (`TASK_COLUMNS`) as a driver or JSON gives it, read into the shape the typed statements give. */
const UntypedTaskRowSchema = z.object({
  id: z.string(),
  key_number: z.union([z.number(), z.string()]).transform(int),
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
export type TaskRow = z.output<typeof UntypedTaskRowSchema>;

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

/** A task row no column type read (hand-written SQL or JSON), parsed, as the wire shows it. */
export const taskFromRow = (row: unknown): Task => toTask(UntypedTaskRowSchema.parse(row));
