/**
 * Objectives, key results, requirements and their links to tasks; references by id or short key (O-1,
 * KR-1, R-1). Keys are numbered server-wide but looked up within one project: another project's O-3 is
 * unknown here. Rows found through an already scoped id (key results of an objective, links of a
 * requirement) need no project of their own in the query.
 *
 * Statements are typed from the planning entities (planning.entity.ts) through the ORM's Kysely; none runs
 * on a hot path, so none is prepared.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type Kysely, type Selectable } from 'kysely';
import type { KeyResult, Objective, Requirement, TaskStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import type { DB } from '../../db/entities.ts';
import { isUuid } from '../agent/agent.repository.ts';

type Keyed = 'objectives' | 'key_results' | 'requirements';
const PREFIX: Readonly<Record<Keyed, string>> = { objectives: 'O', key_results: 'KR', requirements: 'R' };

const now = raw<string>`now()`;

const OBJECTIVE_COLUMNS = ['id', 'key_number', 'title', 'description', 'mission_id', 'created_at'] as const;
type ObjectiveRow = Pick<Selectable<DB['objectives']>, (typeof OBJECTIVE_COLUMNS)[number]>;

const toObjective = (row: ObjectiveRow): Objective => ({
  objective_id: row.id,
  key: `O-${row.key_number}`,
  title: row.title,
  description: row.description,
  mission_id: row.mission_id,
  created_at: row.created_at,
});

const KEY_RESULT_COLUMNS = ['id', 'key_number', 'objective_id', 'title', 'target', 'current', 'unit', 'created_at', 'updated_at'] as const;
type KeyResultRow = Pick<Selectable<DB['key_results']>, (typeof KEY_RESULT_COLUMNS)[number]>;

const toKeyResult = (row: KeyResultRow): KeyResult => ({
  key_result_id: row.id,
  key: `KR-${row.key_number}`,
  objective_id: row.objective_id,
  title: row.title,
  target: row.target,
  current: row.current,
  unit: row.unit,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** A requirement's linked tasks, computed: no column type reads it, and both drivers give a `text[]` as a string list. */
const taskIds = raw<string[]>`coalesce((select array_agg(rt.task_id::text order by rt.created_at, rt.task_id) from requirement_tasks rt where rt.requirement_id = r.id), '{}'::text[])`;

/** Selects a requirement `r` with the ids of its tasks. */
const selectRequirements = (db: Kysely<DB>) =>
  db.selectFrom('requirements as r').select(['r.id', 'r.key_number', 'r.key_result_id', 'r.title', 'r.description', 'r.created_at', taskIds.as('task_ids')]);

type RequirementRow = Awaited<ReturnType<ReturnType<typeof selectRequirements>['executeTakeFirstOrThrow']>>;

const toRequirement = (row: RequirementRow): Requirement => ({
  requirement_id: row.id,
  key: `R-${row.key_number}`,
  key_result_id: row.key_result_id,
  title: row.title,
  description: row.description,
  task_ids: row.task_ids,
  created_at: row.created_at,
});

export interface LinkedTask {
  readonly requirementId: string;
  readonly taskId: string;
  readonly key: string;
  readonly title: string;
  readonly status: TaskStatus;
}

export class PlanningRepository {
  /** The id of an objective, key result or requirement named by id or key; null when unknown. */
  async resolve(sql: Sql, project: string, table: Keyed, ref: string): Promise<string | null> {
    const prefix = `${PREFIX[table]}-`;
    const byKey = !isUuid(ref) && ref.startsWith(prefix);
    if (!byKey && !isUuid(ref)) return null;
    const query = sql.db.selectFrom(table).select('id').where('project', '=', project);
    const row = await (byKey ? query.where('key_number', '=', Number(ref.slice(prefix.length))) : query.where('id', '=', ref)).executeTakeFirst();
    return row?.id ?? null;
  }

  async insertObjective(sql: Sql, project: string, fields: { title: string; description: string; missionId: string | null }): Promise<Objective> {
    const row = await sql.db
      .insertInto('objectives')
      .values({ id: randomUUID(), project, title: fields.title, description: fields.description, mission_id: fields.missionId })
      .returning(OBJECTIVE_COLUMNS)
      .executeTakeFirstOrThrow();
    return toObjective(row);
  }

  async insertKeyResult(sql: Sql, project: string, fields: { objectiveId: string; title: string; target: number; current: number; unit: string }): Promise<KeyResult> {
    const row = await sql.db
      .insertInto('key_results')
      .values({
        id: randomUUID(),
        project,
        objective_id: fields.objectiveId,
        title: fields.title,
        target: fields.target,
        current: fields.current,
        unit: fields.unit,
      })
      .returning(KEY_RESULT_COLUMNS)
      .executeTakeFirstOrThrow();
    return toKeyResult(row);
  }

  /** Sets the fields given; an omitted one stays. */
  async updateKeyResult(
    sql: Sql,
    id: string,
    fields: { title?: string | undefined; target?: number | undefined; current?: number | undefined; unit?: string | undefined },
  ): Promise<KeyResult> {
    const row = await sql.db
      .updateTable('key_results')
      .set({
        ...(fields.title !== undefined ? { title: fields.title } : {}),
        ...(fields.target !== undefined ? { target: fields.target } : {}),
        ...(fields.current !== undefined ? { current: fields.current } : {}),
        ...(fields.unit !== undefined ? { unit: fields.unit } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .returning(KEY_RESULT_COLUMNS)
      .executeTakeFirst();
    if (!row) throw new Error(`key result ${id} vanished`);
    return toKeyResult(row);
  }

  async insertRequirement(sql: Sql, project: string, fields: { keyResultId: string; title: string; description: string }): Promise<Requirement> {
    const id = randomUUID();
    await sql.db
      .insertInto('requirements')
      .values({ id, project, key_result_id: fields.keyResultId, title: fields.title, description: fields.description })
      .execute();
    return this.requirement(sql, id);
  }

  async requirement(sql: Sql, id: string): Promise<Requirement> {
    const row = await selectRequirements(sql.db).where('r.id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`requirement ${id} vanished`);
    return toRequirement(row);
  }

  /** True when the link is new. */
  async link(sql: Sql, requirementId: string, taskId: string): Promise<boolean> {
    const rows = await sql.db
      .insertInto('requirement_tasks')
      .values({ requirement_id: requirementId, task_id: taskId })
      .onConflict((conflict) => conflict.doNothing())
      .returning('task_id')
      .execute();
    return rows.length > 0;
  }

  /** True when a link was removed. */
  async unlink(sql: Sql, requirementId: string, taskId: string): Promise<boolean> {
    const rows = await sql.db.deleteFrom('requirement_tasks').where('requirement_id', '=', requirementId).where('task_id', '=', taskId).returning('task_id').execute();
    return rows.length > 0;
  }

  /** Sets the task's mission and sprint where given (null clears one); an omitted one stays. */
  async setTaskPlan(sql: Sql, taskId: string, plan: { missionId?: string | null | undefined; sprintId?: string | null | undefined }): Promise<void> {
    await sql.db
      .updateTable('tasks')
      .set({
        ...(plan.missionId !== undefined ? { mission_id: plan.missionId } : {}),
        ...(plan.sprintId !== undefined ? { sprint_id: plan.sprintId } : {}),
        updated_at: now,
      })
      .where('id', '=', taskId)
      .execute();
  }

  // The plan as the coverage report reads it. Lists of ids are bound as one array parameter (`= any($n)`).

  async objectives(sql: Sql, project: string, missionId: string | null): Promise<Objective[]> {
    let query = sql.db.selectFrom('objectives').select(OBJECTIVE_COLUMNS).where('project', '=', project);
    if (missionId !== null) query = query.where('mission_id', '=', missionId);
    return (await query.orderBy('key_number').execute()).map(toObjective);
  }

  async keyResultsOf(sql: Sql, objectiveIds: readonly string[]): Promise<KeyResult[]> {
    const rows = await sql.db
      .selectFrom('key_results')
      .select(KEY_RESULT_COLUMNS)
      .where('objective_id', '=', (eb) => eb.fn.any(eb.val([...objectiveIds])))
      .orderBy('key_number')
      .execute();
    return rows.map(toKeyResult);
  }

  async requirementsOf(sql: Sql, keyResultIds: readonly string[]): Promise<Requirement[]> {
    const rows = await selectRequirements(sql.db)
      .where('r.key_result_id', '=', (eb) => eb.fn.any(eb.val([...keyResultIds])))
      .orderBy('r.key_number')
      .execute();
    return rows.map(toRequirement);
  }

  async linkedTasks(sql: Sql, requirementIds: readonly string[]): Promise<LinkedTask[]> {
    const rows = await sql.db
      .selectFrom('requirement_tasks as rt')
      .innerJoin('tasks as t', 't.id', 'rt.task_id')
      .select(['rt.requirement_id', 't.id', 't.key_number', 't.title', 't.status'])
      .where('rt.requirement_id', '=', (eb) => eb.fn.any(eb.val([...requirementIds])))
      .orderBy('t.key_number')
      .execute();
    return rows.map((row) => ({ requirementId: row.requirement_id, taskId: row.id, key: `T-${row.key_number}`, title: row.title, status: row.status }));
  }
}
