/** How tasks are read from the database and shaped for the wire. */
import type { Priority, Task, TaskStatus } from '@agent-coordinator/shared';
import type { Row } from '../../db/database.ts';
import { int, isoTime, text, textArray, textOrNull } from '../../db/row-values.ts';

/** Selects a task `t` with its dependencies: `select ${TASK_COLUMNS} from tasks t`. */
export const TASK_COLUMNS = `t.id, t.key_number, t.title, t.description, t.priority, t.status, t.capabilities, t.files,
  t.mission_id, t.sprint_id, t.assignee_id, t.claimed_by_id, t.progress_note, t.summary, t.created_at, t.updated_at,
  coalesce((select array_agg(d.depends_on_id::text order by d.depends_on_id) from task_dependencies d where d.task_id = t.id), '{}'::text[]) as depends_on`;

/** The order get_next_task considers open tasks in (after the agent's inbox). */
export const CLAIM_ORDER = 't.priority_rank desc, t.created_at, t.key_number';

export const taskKey = (keyNumber: unknown): string => `T-${int(keyNumber)}`;

export function taskFromRow(row: Row): Task {
  return {
    task_id: text(row['id']),
    key: taskKey(row['key_number']),
    title: text(row['title']),
    description: text(row['description']),
    priority: text(row['priority']) as Priority,
    status: text(row['status']) as TaskStatus,
    capabilities: textArray(row['capabilities']),
    files: textArray(row['files']),
    depends_on: textArray(row['depends_on']),
    mission_id: textOrNull(row['mission_id']),
    sprint_id: textOrNull(row['sprint_id']),
    assignee: textOrNull(row['assignee_id']),
    claimed_by: textOrNull(row['claimed_by_id']),
    progress_note: textOrNull(row['progress_note']),
    summary: textOrNull(row['summary']),
    created_at: isoTime(row['created_at']),
    updated_at: isoTime(row['updated_at']),
  };
}
