/**
 * The reads of a resync snapshot (state-snapshot.ts) that are not the board's: the event log's head and
 * a project's tasks in progress, in a transaction that sees one state throughout. Typed from the event
 * cursor and task entities; the tasks are selected as the task repository selects them (`selectTasks`,
 * with their dependencies), the shape every task on the wire has.
 */
import { sql as raw } from 'kysely';
import { ACTIVE_TASK_STATUSES, type Task } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { logHead } from '../../events/event.repository.ts';
import { selectTasks } from '../task/task.repository.ts';
import { toTask } from '../task/task.rows.ts';

export class SnapshotRepository {
  /**
   * Makes the caller's transaction see one snapshot for all its statements; must come first in it. A
   * transaction setting, no table: nothing for the entities to type, so it is written out.
   */
  async repeatableRead(sql: Sql): Promise<void> {
    await raw`set transaction isolation level repeatable read`.execute(sql.db);
  }

  /** The sequence number of the last event numbered (0 before any). */
  logHead(sql: Sql): Promise<number> {
    return logHead(sql);
  }

  /** The project's tasks in progress, the earliest claimed first. */
  async activeTasks(sql: Sql, project: string): Promise<Task[]> {
    const rows = await selectTasks(sql.db)
      .where('t.project', '=', project)
      .where('t.status', '=', (eb) => eb.fn.any(eb.val([...ACTIVE_TASK_STATUSES])))
      .orderBy('t.claimed_at')
      .execute();
    return rows.map(toTask);
  }
}
