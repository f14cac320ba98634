/**
 * What the policy gate reads about the change it judges: a task's key and mission, a mission's name, how
 * many tasks an agent or a mission has in progress, how many requirements a task is linked to. A read
 * model of the task, mission and planning tables, kept beside its one reader (policy-gate.ts); one
 * statement per fact, which the gate caches for its transaction. Typed from those modules' entities.
 */
import { sql as raw } from 'kysely';
import { ACTIVE_TASK_STATUSES } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { taskKey } from '../../common/task-key.ts';
import type { TaskFacts } from './policy-rules.ts';

const count = raw<number>`count(*)::int`.as('n');

export class PolicyFactsRepository {
  async task(sql: Sql, id: string): Promise<TaskFacts | null> {
    const row = await sql.db.selectFrom('tasks').select(['id', 'key_number', 'mission_id']).where('id', '=', id).executeTakeFirst();
    return row ? { id: row.id, key: taskKey(row.key_number), missionId: row.mission_id } : null;
  }

  async missionName(sql: Sql, id: string): Promise<string | null> {
    const row = await sql.db.selectFrom('missions').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? null;
  }

  /** Tasks the agent has claimed and not finished. */
  async activeTasksOf(sql: Sql, agentId: string): Promise<number> {
    const row = await sql.db
      .selectFrom('tasks')
      .select(count)
      .where('claimed_by_id', '=', agentId)
      .where('status', '=', (eb) => eb.fn.any(eb.val([...ACTIVE_TASK_STATUSES])))
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** Tasks of the mission claimed and not finished. */
  async activeTasksInMission(sql: Sql, missionId: string): Promise<number> {
    const row = await sql.db
      .selectFrom('tasks')
      .select(count)
      .where('mission_id', '=', missionId)
      .where('status', '=', (eb) => eb.fn.any(eb.val([...ACTIVE_TASK_STATUSES])))
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** How many requirements the task is linked to. */
  async requirementLinks(sql: Sql, taskId: string): Promise<number> {
    const row = await sql.db.selectFrom('requirement_tasks').select(count).where('task_id', '=', taskId).executeTakeFirst();
    return row?.n ?? 0;
  }
}
