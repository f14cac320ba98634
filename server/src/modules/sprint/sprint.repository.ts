/**
 * Sprint rows with the missions and task counts of their tasks; references by id or name. Every lookup
 * is within one project: a sprint of another project is as unknown as one that never existed. Statements
 * are typed from the `Sprint` entity (sprint.entity.ts) through the ORM's Kysely.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type RawBuilder } from 'kysely';
import type { Sprint, SprintStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { isUuid } from '../agent/agent.repository.ts';
import { taskCountsColumn, taskCountsFrom } from '../mission/task-counts.ts';

/** The computed columns of a sprint: the missions of its tasks and their counts by status. */
const missionsOfSprint: RawBuilder<string[] | null> = raw`coalesce((select array_agg(distinct t.mission_id::text) from tasks t where t.sprint_id = s.id and t.mission_id is not null), '{}'::text[])`;
const tasksOfSprint: RawBuilder<unknown> = raw.raw(taskCountsColumn('t.sprint_id = s.id'));

const selectSprints = (sql: Sql) =>
  sql.db
    .selectFrom('sprints as s')
    .select(['s.id', 's.name', 's.goal', 's.status', 's.starts_at', 's.ends_at', 's.created_at', 's.updated_at'])
    .select([missionsOfSprint.as('missions'), tasksOfSprint.as('tasks')]);

type SprintRow = Awaited<ReturnType<ReturnType<typeof selectSprints>['executeTakeFirstOrThrow']>>;

const sprintFromRow = (row: SprintRow): Sprint => ({
  sprint_id: row.id,
  name: row.name,
  goal: row.goal,
  status: row.status,
  starts_at: row.starts_at,
  ends_at: row.ends_at,
  missions: row.missions ?? [],
  tasks: taskCountsFrom(row.tasks),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export interface SprintFields {
  readonly name?: string | undefined;
  readonly goal?: string | undefined;
  readonly status?: SprintStatus | undefined;
  /** undefined keeps the date, null clears it. */
  readonly startsAt?: string | null | undefined;
  readonly endsAt?: string | null | undefined;
}

export class SprintRepository {
  async resolveId(sql: Sql, project: string, ref: string, forUpdate = false): Promise<string | null> {
    const query = sql.db
      .selectFrom('sprints')
      .select('id')
      .where('project', '=', project)
      .where(isUuid(ref) ? 'id' : 'name', '=', ref);
    const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
    return row?.id ?? null;
  }

  /** Inserts a sprint; null when the project already has one of that name. */
  async insert(sql: Sql, project: string, name: string, fields: SprintFields): Promise<string | null> {
    const row = await sql.db
      .insertInto('sprints')
      .values({
        id: randomUUID(),
        project,
        name,
        goal: fields.goal ?? '',
        status: fields.status ?? 'planned',
        starts_at: fields.startsAt ?? null,
        ends_at: fields.endsAt ?? null,
      })
      .onConflict((conflict) => conflict.columns(['project', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Updates a sprint (found in its project by `resolveId`); false when the new name is another sprint's there. */
  async update(sql: Sql, id: string, fields: SprintFields): Promise<boolean> {
    if (fields.name !== undefined) {
      const clash = await sql.db
        .selectFrom('sprints as s')
        .select('s.id')
        .where('s.name', '=', fields.name)
        .where('s.id', '<>', id)
        .where('s.project', '=', (eb) => eb.selectFrom('sprints').select('project').where('id', '=', id))
        .executeTakeFirst();
      if (clash) return false;
    }
    await sql.db
      .updateTable('sprints')
      .set({
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.goal !== undefined ? { goal: fields.goal } : {}),
        ...(fields.status !== undefined ? { status: fields.status } : {}),
        ...(fields.startsAt !== undefined ? { starts_at: fields.startsAt } : {}),
        ...(fields.endsAt !== undefined ? { ends_at: fields.endsAt } : {}),
        updated_at: raw<string>`now()`,
      })
      .where('id', '=', id)
      .execute();
    return true;
  }

  async get(sql: Sql, id: string): Promise<Sprint | null> {
    const row = await selectSprints(sql).where('s.id', '=', id).executeTakeFirst();
    return row ? sprintFromRow(row) : null;
  }

  async list(sql: Sql, project: string, status: SprintStatus | undefined): Promise<Sprint[]> {
    let query = selectSprints(sql).where('s.project', '=', project);
    if (status !== undefined) query = query.where('s.status', '=', status);
    const rows = await query.orderBy(raw`s.starts_at nulls last`).orderBy('s.created_at').execute();
    return rows.map(sprintFromRow);
  }
}
