/**
 * Mission rows with their principals and task counts; references by id or name, within one project.
 * Statements are typed from the mission entities (mission.entity.ts) through the ORM's Kysely.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { AgentKindSchema, type Mission, type MissionStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { isUuid } from '../agent/agent.repository.ts';
import { jsonArray, taskCountsColumn, taskCountsFrom } from './task-counts.ts';

/** The computed columns of a mission: its principals (a json list) and the counts of its tasks by status. */
const principalsOfMission: RawBuilder<unknown> = raw`coalesce((select json_agg(json_build_object('agent_id', a.id, 'name', a.name, 'kind', a.kind) order by a.name)
  from mission_principals p join agents a on a.id = p.agent_id where p.mission_id = m.id), '[]'::json)`;
const tasksOfMission: RawBuilder<unknown> = raw.raw(taskCountsColumn('t.mission_id = m.id'));

/** The principals column: json_build_object inside a computed column, no entity column, so parsed here. */
const PrincipalsJsonSchema = z.array(z.object({ agent_id: z.string(), name: z.string(), kind: AgentKindSchema }));

const selectMissions = (sql: Sql) =>
  sql.db
    .selectFrom('missions as m')
    .select(['m.id', 'm.name', 'm.description', 'm.status', 'm.owner_id', 'm.created_at', 'm.updated_at'])
    .select([principalsOfMission.as('principals'), tasksOfMission.as('tasks')]);

type MissionRow = Awaited<ReturnType<ReturnType<typeof selectMissions>['executeTakeFirstOrThrow']>>;

const missionFromRow = (row: MissionRow): Mission => ({
  mission_id: row.id,
  name: row.name,
  description: row.description,
  status: row.status,
  owner: row.owner_id,
  principals: PrincipalsJsonSchema.parse(jsonArray(row.principals)),
  tasks: taskCountsFrom(row.tasks),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export interface MissionFields {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly status?: MissionStatus | undefined;
  /** undefined keeps the owner, null removes it. */
  readonly ownerId?: string | null | undefined;
}

export class MissionRepository {
  /** The id of the project's mission with that id or name, or null when it has none. */
  async resolveId(sql: Sql, project: string, ref: string, forUpdate = false): Promise<string | null> {
    const query = sql.db
      .selectFrom('missions')
      .select('id')
      .where('project', '=', project)
      .where(isUuid(ref) ? 'id' : 'name', '=', ref);
    const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
    return row?.id ?? null;
  }

  /** Inserts a mission in the project; null when the name is taken there. */
  async insert(sql: Sql, project: string, fields: Required<MissionFields> & { readonly name: string }): Promise<string | null> {
    const row = await sql.db
      .insertInto('missions')
      .values({ id: randomUUID(), project, name: fields.name, description: fields.description, status: fields.status, owner_id: fields.ownerId })
      .onConflict((conflict) => conflict.columns(['project', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Updates the given fields; false when the new name is another mission's in the same project. */
  async update(sql: Sql, id: string, fields: MissionFields): Promise<boolean> {
    if (fields.name !== undefined) {
      const clash = await sql.db
        .selectFrom('missions as o')
        .innerJoin('missions as m', 'm.project', 'o.project')
        .select('o.id')
        .where('m.id', '=', id)
        .where('o.name', '=', fields.name)
        .where('o.id', '<>', id)
        .executeTakeFirst();
      if (clash) return false;
    }
    await sql.db
      .updateTable('missions')
      .set({
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.status !== undefined ? { status: fields.status } : {}),
        ...(fields.ownerId !== undefined ? { owner_id: fields.ownerId } : {}),
        updated_at: raw<string>`now()`,
      })
      .where('id', '=', id)
      .execute();
    return true;
  }

  async addPrincipals(sql: Sql, id: string, agentIds: readonly string[]): Promise<void> {
    if (agentIds.length === 0) return;
    await sql.db
      .insertInto('mission_principals')
      .values(agentIds.map((agentId) => ({ mission_id: id, agent_id: agentId })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  async removePrincipals(sql: Sql, id: string, agentIds: readonly string[]): Promise<void> {
    if (agentIds.length === 0) return;
    await sql.db
      .deleteFrom('mission_principals')
      .where('mission_id', '=', id)
      .where('agent_id', '=', (eb) => eb.fn.any(eb.val([...agentIds])))
      .execute();
  }

  async get(sql: Sql, id: string): Promise<Mission | null> {
    const row = await selectMissions(sql).where('m.id', '=', id).executeTakeFirst();
    return row ? missionFromRow(row) : null;
  }

  async list(sql: Sql, project: string, status: MissionStatus | undefined): Promise<Mission[]> {
    let query = selectMissions(sql).where('m.project', '=', project);
    if (status !== undefined) query = query.where('m.status', '=', status);
    const rows = await query.orderBy('m.created_at').orderBy('m.name').execute();
    return rows.map(missionFromRow);
  }

  /** Names of these missions, by id. */
  async names(sql: Sql, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await sql.db
      .selectFrom('missions')
      .select(['id', 'name'])
      .where('id', '=', (eb) => eb.fn.any(eb.val([...ids])))
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
