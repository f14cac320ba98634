/**
 * Task rows: creation with dependencies, lookup by id or key, listing, status changes. Lookups and lists
 * are within one project: another project's task is absent, whether named by id or by key.
 */
import { randomUUID } from 'node:crypto';
import { ACTIVE_TASK_STATUSES, PRIORITY_RANK, type Priority, type ReleasedLock, type Task, type TaskStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { jsonRows } from '../../db/row-values.ts';
import { textListLiteral } from '../../db/sql-literal.ts';
import { isUuid } from '../agent/agent.repository.ts';
import { CLAIM_ORDER, TASK_COLUMNS, taskFromRow } from './task.rows.ts';
import { RELEASED_COLUMNS, releasedFromRow } from '../lock/lock.rows.ts';

export interface NewTask {
  readonly title: string;
  readonly description: string;
  readonly priority: Priority;
  readonly capabilities: readonly string[];
  readonly files: readonly string[];
  readonly dependsOn: readonly string[];
  readonly missionId: string | null;
  readonly sprintId: string | null;
  readonly assigneeId: string | null;
}

export interface TaskFilter {
  readonly status?: TaskStatus | undefined;
  readonly missionId?: string | undefined;
  readonly sprintId?: string | undefined;
  readonly assigneeId?: string | undefined;
  readonly limit: number;
}

const keyNumberOf = (ref: string): number | null => (ref.startsWith('T-') ? Number(ref.slice(2)) : null);

export class TaskRepository {
  async insert(sql: Sql, project: string, task: NewTask): Promise<Task> {
    const id = randomUUID();
    await sql.query(
      `insert into tasks (id, project, title, description, priority, priority_rank, capabilities, files, mission_id, assignee_id, sprint_id)
       values ($1, $11, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9, $10)`,
      [id, task.title, task.description, task.priority, PRIORITY_RANK[task.priority], [...task.capabilities], [...task.files], task.missionId, task.assigneeId, task.sprintId, project],
    );
    if (task.dependsOn.length > 0) {
      await sql.query(`insert into task_dependencies (task_id, depends_on_id) select $1, unnest($2::uuid[])`, [id, [...task.dependsOn]]);
    }
    return this.require(sql, id);
  }

  /** Maps references (ids or keys) to the ids of tasks in `project`; unknown references are absent. */
  async resolve(sql: Sql, project: string, refs: readonly string[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const ids = refs.filter(isUuid);
    const keys = refs.map(keyNumberOf).filter((n): n is number => n !== null);
    const rows = await sql.query(`select id, key_number from tasks where project = $3 and (id = any($1::uuid[]) or key_number = any($2::bigint[]))`, [
      ids,
      keys,
      project,
    ]);
    const resolved = new Map<string, string>();
    for (const row of rows) {
      const id = String(row['id']);
      resolved.set(id, id);
      resolved.set(`T-${Number(row['key_number'])}`, id);
    }
    return resolved;
  }

  async find(sql: Sql, project: string, ref: string, forUpdate = false): Promise<Task | null> {
    const keyNumber = keyNumberOf(ref);
    const where = keyNumber === null ? 't.id = $1::uuid' : 't.key_number = $1::bigint';
    const [row] = await sql.query(`select ${TASK_COLUMNS} from tasks t where ${where} and t.project = $2${forUpdate ? ' for update of t' : ''}`, [
      keyNumber ?? ref,
      project,
    ]);
    return row ? taskFromRow(row) : null;
  }

  /** A task by the id this transaction already resolved in its project. */
  async require(sql: Sql, id: string): Promise<Task> {
    const [row] = await sql.query(`select ${TASK_COLUMNS} from tasks t where t.id = $1`, [id]);
    if (!row) throw new Error(`task ${id} vanished inside its own transaction`);
    return taskFromRow(row);
  }

  async byIds(sql: Sql, ids: readonly string[]): Promise<Task[]> {
    const rows = await sql.query(`select ${TASK_COLUMNS} from tasks t where t.id = any($1::uuid[])`, [[...ids]]);
    return rows.map(taskFromRow);
  }

  async list(sql: Sql, project: string, filter: TaskFilter): Promise<Task[]> {
    const rows = await sql.query(
      `select ${TASK_COLUMNS} from tasks t
       where t.project = $6 and ($1::text is null or t.status = $1) and ($2::uuid is null or t.mission_id = $2) and ($3::uuid is null or t.assignee_id = $3)
         and ($5::uuid is null or t.sprint_id = $5)
       order by case when t.status in ${textListLiteral(ACTIVE_TASK_STATUSES)} then 0 when t.status = 'open' then 1 else 2 end, ${CLAIM_ORDER}
       limit $4`,
      [filter.status ?? null, filter.missionId ?? null, filter.assigneeId ?? null, filter.limit, filter.sprintId ?? null, project],
    );
    return rows.map(taskFromRow);
  }

  /**
   * Moves the task to `status` and, with `releaseLocks` (it leaves the active states), deletes its file
   * locks in the same statement: the task as it is now, and the locks released.
   */
  async setStatus(
    sql: Sql,
    id: string,
    status: TaskStatus,
    fields: { readonly progressNote?: string | undefined; readonly summary?: string | undefined; readonly releaseLocks: boolean },
  ): Promise<{ readonly task: Task; readonly released: ReleasedLock[] }> {
    const [row] = await sql.query(
      `with updated as (
         update tasks as t set status = $2,
           claimed_by_id = case when $2 = 'open' then null else claimed_by_id end,
           claimed_at = case when $2 = 'open' then null else claimed_at end,
           progress_note = coalesce($3, progress_note), summary = coalesce($4, summary), updated_at = now()
         where t.id = $1
         returning ${TASK_COLUMNS}),
       released as (delete from file_locks where $5 and task_id = $1 returning ${RELEASED_COLUMNS})
       select (select row_to_json(u) from updated u) as task, (select coalesce(json_agg(r), '[]') from released r) as locks`,
      [id, status, fields.progressNote ?? null, fields.summary ?? null, fields.releaseLocks],
    );
    const task = row?.['task'];
    if (!task) throw new Error(`task ${id} vanished inside its own transaction`);
    const locks = row['locks'];
    return { task: taskFromRow(task as Row), released: jsonRows(locks).map(releasedFromRow) };
  }

  /** Puts every active task of these agents back in the queue; returns them as they were. */
  async requeueClaimedBy(sql: Sql, agentIds: readonly string[]): Promise<Task[]> {
    const before = await sql.query(
      `select ${TASK_COLUMNS} from tasks t where t.claimed_by_id = any($1::uuid[]) and t.status = any($2::text[]) for update of t`,
      [[...agentIds], ACTIVE_TASK_STATUSES],
    );
    if (before.length === 0) return [];
    const tasks = before.map(taskFromRow);
    await sql.query(
      `update tasks set status = 'open', claimed_by_id = null, claimed_at = null, updated_at = now() where id = any($1::uuid[])`,
      [tasks.map((t) => t.task_id)],
    );
    return tasks;
  }
}
