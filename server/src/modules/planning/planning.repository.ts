/**
 * Objectives, key results, requirements and their links to tasks; references by id or short key (O-1,
 * KR-1, R-1). Keys are numbered server-wide but looked up within one project: another project's O-3 is
 * unknown here. Rows found through an already scoped id (key results of an objective, links of a
 * requirement) need no project of their own in the query.
 */
import { randomUUID } from 'node:crypto';
import type { KeyResult, Objective, Requirement, TaskStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { int, isoTime, text, textArray, textOrNull } from '../../db/row-values.ts';
import { isUuid } from '../agent/agent.repository.ts';

type Keyed = 'objectives' | 'key_results' | 'requirements';
const PREFIX: Readonly<Record<Keyed, string>> = { objectives: 'O', key_results: 'KR', requirements: 'R' };

const objectiveFromRow = (row: Row): Objective => ({
  objective_id: text(row['id']),
  key: `O-${int(row['key_number'])}`,
  title: text(row['title']),
  description: text(row['description']),
  mission_id: textOrNull(row['mission_id']),
  created_at: isoTime(row['created_at']),
});

const keyResultFromRow = (row: Row): KeyResult => ({
  key_result_id: text(row['id']),
  key: `KR-${int(row['key_number'])}`,
  objective_id: text(row['objective_id']),
  title: text(row['title']),
  target: Number(row['target']),
  current: Number(row['current']),
  unit: text(row['unit']),
  created_at: isoTime(row['created_at']),
  updated_at: isoTime(row['updated_at']),
});

const REQUIREMENT_COLUMNS = `r.id, r.key_number, r.key_result_id, r.title, r.description, r.created_at,
  coalesce((select array_agg(rt.task_id::text order by rt.created_at, rt.task_id) from requirement_tasks rt where rt.requirement_id = r.id), '{}'::text[]) as task_ids`;

const requirementFromRow = (row: Row): Requirement => ({
  requirement_id: text(row['id']),
  key: `R-${int(row['key_number'])}`,
  key_result_id: text(row['key_result_id']),
  title: text(row['title']),
  description: text(row['description']),
  task_ids: textArray(row['task_ids']),
  created_at: isoTime(row['created_at']),
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
    const [row] = await sql.query(`select id from ${table} where project = $1 and ${byKey ? 'key_number = $2::bigint' : 'id = $2::uuid'}`, [
      project,
      byKey ? Number(ref.slice(prefix.length)) : ref,
    ]);
    return row ? text(row['id']) : null;
  }

  async insertObjective(sql: Sql, project: string, fields: { title: string; description: string; missionId: string | null }): Promise<Objective> {
    const [row] = await sql.query(`insert into objectives (id, project, title, description, mission_id) values ($1, $2, $3, $4, $5) returning *`, [
      randomUUID(),
      project,
      fields.title,
      fields.description,
      fields.missionId,
    ]);
    if (!row) throw new Error('objective not inserted');
    return objectiveFromRow(row);
  }

  async insertKeyResult(sql: Sql, project: string, fields: { objectiveId: string; title: string; target: number; current: number; unit: string }): Promise<KeyResult> {
    const [row] = await sql.query(
      `insert into key_results (id, project, objective_id, title, target, current, unit) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [randomUUID(), project, fields.objectiveId, fields.title, fields.target, fields.current, fields.unit],
    );
    if (!row) throw new Error('key result not inserted');
    return keyResultFromRow(row);
  }

  async updateKeyResult(
    sql: Sql,
    id: string,
    fields: { title?: string | undefined; target?: number | undefined; current?: number | undefined; unit?: string | undefined },
  ): Promise<KeyResult> {
    const [row] = await sql.query(
      `update key_results set title = coalesce($2, title), target = coalesce($3, target), current = coalesce($4, current),
         unit = coalesce($5, unit), updated_at = now() where id = $1 returning *`,
      [id, fields.title ?? null, fields.target ?? null, fields.current ?? null, fields.unit ?? null],
    );
    if (!row) throw new Error(`key result ${id} vanished`);
    return keyResultFromRow(row);
  }

  async insertRequirement(sql: Sql, project: string, fields: { keyResultId: string; title: string; description: string }): Promise<Requirement> {
    const id = randomUUID();
    await sql.query(`insert into requirements (id, project, key_result_id, title, description) values ($1, $2, $3, $4, $5)`, [
      id,
      project,
      fields.keyResultId,
      fields.title,
      fields.description,
    ]);
    return this.requirement(sql, id);
  }

  async requirement(sql: Sql, id: string): Promise<Requirement> {
    const [row] = await sql.query(`select ${REQUIREMENT_COLUMNS} from requirements r where r.id = $1`, [id]);
    if (!row) throw new Error(`requirement ${id} vanished`);
    return requirementFromRow(row);
  }

  /** True when the link is new. */
  async link(sql: Sql, requirementId: string, taskId: string): Promise<boolean> {
    const rows = await sql.query(`insert into requirement_tasks (requirement_id, task_id) values ($1, $2) on conflict do nothing returning task_id`, [requirementId, taskId]);
    return rows.length > 0;
  }

  /** True when a link was removed. */
  async unlink(sql: Sql, requirementId: string, taskId: string): Promise<boolean> {
    const rows = await sql.query(`delete from requirement_tasks where requirement_id = $1 and task_id = $2 returning task_id`, [requirementId, taskId]);
    return rows.length > 0;
  }

  async setTaskPlan(sql: Sql, taskId: string, plan: { missionId?: string | null | undefined; sprintId?: string | null | undefined }): Promise<void> {
    await sql.query(
      `update tasks set mission_id = case when $2::boolean then $3::uuid else mission_id end,
         sprint_id = case when $4::boolean then $5::uuid else sprint_id end, updated_at = now() where id = $1`,
      [taskId, plan.missionId !== undefined, plan.missionId ?? null, plan.sprintId !== undefined, plan.sprintId ?? null],
    );
  }

  // The plan as the coverage report reads it.

  async objectives(sql: Sql, project: string, missionId: string | null): Promise<Objective[]> {
    const rows = await sql.query(`select * from objectives where project = $1 and ($2::uuid is null or mission_id = $2) order by key_number`, [project, missionId]);
    return rows.map(objectiveFromRow);
  }

  async keyResultsOf(sql: Sql, objectiveIds: readonly string[]): Promise<KeyResult[]> {
    const rows = await sql.query(`select * from key_results where objective_id = any($1::uuid[]) order by key_number`, [[...objectiveIds]]);
    return rows.map(keyResultFromRow);
  }

  async requirementsOf(sql: Sql, keyResultIds: readonly string[]): Promise<Requirement[]> {
    const rows = await sql.query(`select ${REQUIREMENT_COLUMNS} from requirements r where r.key_result_id = any($1::uuid[]) order by r.key_number`, [[...keyResultIds]]);
    return rows.map(requirementFromRow);
  }

  async linkedTasks(sql: Sql, requirementIds: readonly string[]): Promise<LinkedTask[]> {
    const rows = await sql.query(
      `select rt.requirement_id, t.id, t.key_number, t.title, t.status from requirement_tasks rt join tasks t on t.id = rt.task_id
       where rt.requirement_id = any($1::uuid[]) order by t.key_number`,
      [[...requirementIds]],
    );
    return rows.map((r) => ({
      requirementId: text(r['requirement_id']),
      taskId: text(r['id']),
      key: `T-${int(r['key_number'])}`,
      title: text(r['title']),
      status: text(r['status']) as TaskStatus,
    }));
  }
}
