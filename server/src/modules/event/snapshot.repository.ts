/**
 * The reads of a resync snapshot (state-snapshot.ts) that are not the board's: the event log's head and
 * a project's tasks in progress, in a transaction that sees one state throughout. Typed from the event
 * cursor and task entities; the tasks are read with task.rows.ts's `depends_on` column and reader, the
 * shape every task on the wire has.
 */
import { sql as raw } from 'kysely';
import { ACTIVE_TASK_STATUSES, type Task } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { taskFromRow } from '../task/task.rows.ts';

/** A task's dependencies as task.rows.ts's TASK_COLUMNS reads them (a computed column: text, no conversion). */
const dependsOn = raw<string[]>`coalesce((select array_agg(d.depends_on_id::text order by d.depends_on_id) from task_dependencies d where d.task_id = t.id), '{}'::text[])`;

export class SnapshotRepository {
  /**
   * Makes the caller's transaction see one snapshot for all its statements; must come first in it. A
   * transaction setting, no table: nothing for the entities to type, so it is written out.
   */
  async repeatableRead(sql: Sql): Promise<void> {
    await raw`set transaction isolation level repeatable read`.execute(sql.db);
  }

  /** The sequence number of the last event numbered (0 before any). */
  async logHead(sql: Sql): Promise<number> {
    const row = await sql.db.selectFrom('event_cursor').select('last_seq').executeTakeFirst();
    return row?.last_seq ?? 0;
  }

  /** The project's tasks in progress, the earliest claimed first. */
  async activeTasks(sql: Sql, project: string): Promise<Task[]> {
    const rows = await sql.db
      .selectFrom('tasks as t')
      .select([
        't.id',
        't.key_number',
        't.title',
        't.description',
        't.priority',
        't.status',
        't.capabilities',
        't.files',
        't.mission_id',
        't.sprint_id',
        't.assignee_id',
        't.claimed_by_id',
        't.progress_note',
        't.summary',
        't.created_at',
        't.updated_at',
        dependsOn.as('depends_on'),
      ])
      .where('t.project', '=', project)
      .where('t.status', '=', (eb) => eb.fn.any(eb.val([...ACTIVE_TASK_STATUSES])))
      .orderBy('t.claimed_at')
      .execute();
    return rows.map(taskFromRow);
  }
}
