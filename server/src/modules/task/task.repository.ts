/**
 * Task rows: creation with dependencies, lookup by id or key, listing, status changes. Lookups and lists
 * are within one project: another project's task is absent, whether named by id or by key.
 *
 * Statements are typed from the `Task` entity (task.entity.ts) through the ORM's Kysely, but for
 * `setStatus`: it updates the task and deletes its locks in one statement (two data-modifying CTEs) and
 * hands both back as JSON, which no column type reads, so it stays SQL as written in a Kysely `sql`
 * template (the builder binds its values) and its task is parsed by `taskFromJson` (task.rows.ts).
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type Kysely } from 'kysely';
import { ACTIVE_TASK_STATUSES, PRIORITY_RANK, type Priority, type ReleasedLock, type Task, type TaskStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import type { DB } from '../../db/entities.ts';
import { prepared } from '../../db/prepared-statement.ts';
import { jsonRows } from '../../db/row-values.ts';
import { textListLiteral } from '../../db/sql-literal.ts';
import { isUuid } from '../agent/agent.repository.ts';
import { CLAIM_ORDER, TASK_COLUMNS, taskFromJson, toTask } from './task.rows.ts';
import { taskKey } from '../../common/task-key.ts';
import { RELEASED_COLUMNS, releasedFromJson } from '../../common/released-lock.ts';

/** `setStatus`'s one row: the task as it is now and the locks released, as JSON (`taskFromJson`, `releasedFromJson`). */
interface StatusChangeRow {
  readonly task: unknown;
  readonly locks: unknown;
}

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

/** A task's dependencies, computed: no column type reads it, and both drivers give a `text[]` as a string list. */
const dependsOn = raw<string[]>`coalesce((select array_agg(d.depends_on_id::text order by d.depends_on_id) from task_dependencies d where d.task_id = t.id), '{}'::text[])`;

/** Selects a task `t` with its dependencies: a `TaskRow` (task.rows.ts). */
export const selectTasks = (db: Kysely<DB>) =>
  db
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
    ]);

const now = raw<string>`now()`;

type FindValues = { project: string; id: string; keyNumber: number };
const findBy = (by: 'id' | 'key', forUpdate: boolean) =>
  prepared<FindValues>()((db, p) => {
    const query = (by === 'id' ? selectTasks(db).where('t.id', '=', p.id) : selectTasks(db).where('t.key_number', '=', p.keyNumber)).where('t.project', '=', p.project);
    return forUpdate ? query.forUpdate('t') : query;
  });

/** A task by id or key, locked or not: every task operation starts with one, so they are prepared. */
const FIND_TASK = {
  byId: findBy('id', false),
  byIdForUpdate: findBy('id', true),
  byKey: findBy('key', false),
  byKeyForUpdate: findBy('key', true),
};

/** The order `list` shows tasks in: the active ones, then the open ones in claim order, then the rest. */
const LIST_ORDER = raw`case when t.status in ${raw.raw(textListLiteral(ACTIVE_TASK_STATUSES))} then 0 when t.status = 'open' then 1 else 2 end, ${CLAIM_ORDER}`;

export class TaskRepository {
  async insert(sql: Sql, project: string, task: NewTask): Promise<Task> {
    const id = randomUUID();
    await sql.db
      .insertInto('tasks')
      .values({
        id,
        project,
        title: task.title,
        description: task.description,
        priority: task.priority,
        priority_rank: PRIORITY_RANK[task.priority],
        capabilities: [...task.capabilities],
        files: [...task.files],
        mission_id: task.missionId,
        assignee_id: task.assigneeId,
        sprint_id: task.sprintId,
      })
      .execute();
    if (task.dependsOn.length > 0) {
      await sql.db
        .insertInto('task_dependencies')
        .values(task.dependsOn.map((dependsOnId) => ({ task_id: id, depends_on_id: dependsOnId })))
        .execute();
    }
    return this.require(sql, id);
  }

  /** Maps references (ids or keys) to the ids of tasks in `project`; unknown references are absent. */
  async resolve(sql: Sql, project: string, refs: readonly string[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const ids = refs.filter(isUuid);
    const keys = refs.map(keyNumberOf).filter((n): n is number => n !== null);
    const rows = await sql.db
      .selectFrom('tasks')
      .select(['id', 'key_number'])
      .where('project', '=', project)
      .where((eb) => eb.or([eb('id', '=', eb.fn.any(eb.val(ids))), eb('key_number', '=', eb.fn.any(eb.val(keys)))]))
      .execute();
    const resolved = new Map<string, string>();
    for (const row of rows) {
      resolved.set(row.id, row.id);
      resolved.set(taskKey(row.key_number), row.id);
    }
    return resolved;
  }

  async find(sql: Sql, project: string, ref: string, forUpdate = false): Promise<Task | null> {
    const keyNumber = keyNumberOf(ref);
    const find = FIND_TASK[`${keyNumber === null ? 'byId' : 'byKey'}${forUpdate ? 'ForUpdate' : ''}`];
    const [row] = await find(sql, { project, id: ref, keyNumber: keyNumber ?? 0 });
    return row ? toTask(row) : null;
  }

  /** A task by the id this transaction already resolved in its project. */
  async require(sql: Sql, id: string): Promise<Task> {
    const row = await selectTasks(sql.db).where('t.id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`task ${id} vanished inside its own transaction`);
    return toTask(row);
  }

  async byIds(sql: Sql, ids: readonly string[]): Promise<Task[]> {
    const rows = await selectTasks(sql.db)
      .where('t.id', '=', (eb) => eb.fn.any(eb.val([...ids])))
      .execute();
    return rows.map(toTask);
  }

  async list(sql: Sql, project: string, filter: TaskFilter): Promise<Task[]> {
    let query = selectTasks(sql.db).where('t.project', '=', project);
    if (filter.status !== undefined) query = query.where('t.status', '=', filter.status);
    if (filter.missionId !== undefined) query = query.where('t.mission_id', '=', filter.missionId);
    if (filter.assigneeId !== undefined) query = query.where('t.assignee_id', '=', filter.assigneeId);
    if (filter.sprintId !== undefined) query = query.where('t.sprint_id', '=', filter.sprintId);
    const rows = await query.orderBy(LIST_ORDER).limit(filter.limit).execute();
    return rows.map(toTask);
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
    // A template: two data-modifying CTEs read back as JSON in one round trip (see the module comment).
    const {
      rows: [row],
    } = await raw<StatusChangeRow>`with updated as (
         update tasks as t set status = ${status},
           claimed_by_id = case when ${status} = 'open' then null else claimed_by_id end,
           claimed_at = case when ${status} = 'open' then null else claimed_at end,
           progress_note = coalesce(${fields.progressNote ?? null}, progress_note), summary = coalesce(${fields.summary ?? null}, summary), updated_at = now()
         where t.id = ${id}
         returning ${TASK_COLUMNS}),
       released as (delete from file_locks where ${fields.releaseLocks} and task_id = ${id} returning ${raw.raw(RELEASED_COLUMNS.join(', '))})
       select (select row_to_json(u) from updated u) as task, (select coalesce(json_agg(r), '[]') from released r) as locks`.execute(sql.db);
    if (!row?.task) throw new Error(`task ${id} vanished inside its own transaction`);
    return { task: taskFromJson(row.task), released: jsonRows(row.locks).map(releasedFromJson) };
  }

  /** Puts every active task of these agents back in the queue; returns them as they were. */
  async requeueClaimedBy(sql: Sql, agentIds: readonly string[]): Promise<Task[]> {
    const before = await selectTasks(sql.db)
      .where('t.claimed_by_id', '=', (eb) => eb.fn.any(eb.val([...agentIds])))
      .where('t.status', '=', (eb) => eb.fn.any(eb.val([...ACTIVE_TASK_STATUSES])))
      .forUpdate('t')
      .execute();
    if (before.length === 0) return [];
    const tasks = before.map(toTask);
    await sql.db
      .updateTable('tasks')
      .set({ status: 'open', claimed_by_id: null, claimed_at: null, updated_at: now })
      .where('id', '=', (eb) => eb.fn.any(eb.val(tasks.map((t) => t.task_id))))
      .execute();
    return tasks;
  }

  /**
   * The tasks a new one is compared with for duplicates (knowledge/duplicate-advisor.ts): the newest of its
   * project that are open, active, or done within `recentDays`, their descriptions cut to `descriptionChars`.
   */
  async duplicateCandidates(
    sql: Sql,
    taskId: string,
    options: { readonly recentDays: number; readonly limit: number; readonly descriptionChars: number },
  ): Promise<{ readonly id: string; readonly key_number: number; readonly title: string; readonly description: string; readonly status: TaskStatus }[]> {
    return sql.db
      .selectFrom('tasks as t')
      .select(['t.id', 't.key_number', 't.title', raw<string>`left(t.description, ${options.descriptionChars})`.as('description'), 't.status'])
      .where('t.project', '=', (eb) => eb.selectFrom('tasks').select('project').where('id', '=', taskId))
      .where('t.id', '<>', taskId)
      .where((eb) =>
        eb.or([
          eb('t.status', '=', eb.fn.any(eb.val<TaskStatus[]>(['open', ...ACTIVE_TASK_STATUSES]))),
          eb.and([eb('t.status', '=', 'done'), eb('t.updated_at', '>', raw<string>`now() - make_interval(days => ${options.recentDays})`)]),
        ]),
      )
      .orderBy('t.key_number', 'desc')
      .limit(options.limit)
      .execute();
  }
}
