/** Mission rows with their principals and task counts; references by id or name, within one project. */
import { randomUUID } from 'node:crypto';
import type { AgentKind, Mission, MissionStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { isoTime, text, textOrNull } from '../../db/row-values.ts';
import { isUuid } from '../agent/agent.repository.ts';
import { jsonArray, taskCountsColumn, taskCountsFrom } from './task-counts.ts';

const MISSION_COLUMNS = `m.id, m.name, m.description, m.status, m.owner_id, m.created_at, m.updated_at,
  coalesce((select json_agg(json_build_object('agent_id', a.id, 'name', a.name, 'kind', a.kind) order by a.name)
            from mission_principals p join agents a on a.id = p.agent_id where p.mission_id = m.id), '[]'::json) as principals,
  ${taskCountsColumn('t.mission_id = m.id')} as tasks`;

function missionFromRow(row: Row): Mission {
  return {
    mission_id: text(row['id']),
    name: text(row['name']),
    description: text(row['description']),
    status: text(row['status']) as MissionStatus,
    owner: textOrNull(row['owner_id']),
    principals: jsonArray(row['principals']).map((p) => {
      const r = p as Record<string, unknown>;
      return { agent_id: text(r['agent_id']), name: text(r['name']), kind: text(r['kind']) as AgentKind };
    }),
    tasks: taskCountsFrom(row['tasks']),
    created_at: isoTime(row['created_at']),
    updated_at: isoTime(row['updated_at']),
  };
}

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
    const [row] = await sql.query(`select id from missions where project = $2 and ${isUuid(ref) ? 'id = $1::uuid' : 'name = $1'}${forUpdate ? ' for update' : ''}`, [
      ref,
      project,
    ]);
    return row ? text(row['id']) : null;
  }

  /** Inserts a mission in the project; null when the name is taken there. */
  async insert(sql: Sql, project: string, fields: Required<MissionFields> & { readonly name: string }): Promise<string | null> {
    const [row] = await sql.query(
      `insert into missions (id, project, name, description, status, owner_id) values ($1, $6, $2, $3, $4, $5)
       on conflict (project, name) do nothing returning id`,
      [randomUUID(), fields.name, fields.description, fields.status, fields.ownerId, project],
    );
    return row ? text(row['id']) : null;
  }

  /** Updates the given fields; false when the new name is another mission's in the same project. */
  async update(sql: Sql, id: string, fields: MissionFields): Promise<boolean> {
    if (fields.name !== undefined) {
      const [clash] = await sql.query(
        `select 1 from missions o join missions m on m.project = o.project where m.id = $2 and o.name = $1 and o.id <> $2`,
        [fields.name, id],
      );
      if (clash) return false;
    }
    await sql.query(
      `update missions set name = coalesce($2, name), description = coalesce($3, description), status = coalesce($4, status),
         owner_id = case when $5::boolean then $6::uuid else owner_id end, updated_at = now()
       where id = $1`,
      [id, fields.name ?? null, fields.description ?? null, fields.status ?? null, fields.ownerId !== undefined, fields.ownerId ?? null],
    );
    return true;
  }

  async addPrincipals(sql: Sql, id: string, agentIds: readonly string[]): Promise<void> {
    if (agentIds.length === 0) return;
    await sql.query(`insert into mission_principals (mission_id, agent_id) select $1, unnest($2::uuid[]) on conflict do nothing`, [id, [...agentIds]]);
  }

  async removePrincipals(sql: Sql, id: string, agentIds: readonly string[]): Promise<void> {
    if (agentIds.length === 0) return;
    await sql.query(`delete from mission_principals where mission_id = $1 and agent_id = any($2::uuid[])`, [id, [...agentIds]]);
  }

  async get(sql: Sql, id: string): Promise<Mission | null> {
    const [row] = await sql.query(`select ${MISSION_COLUMNS} from missions m where m.id = $1`, [id]);
    return row ? missionFromRow(row) : null;
  }

  async list(sql: Sql, project: string, status: MissionStatus | undefined): Promise<Mission[]> {
    const rows = await sql.query(
      `select ${MISSION_COLUMNS} from missions m where m.project = $2 and ($1::text is null or m.status = $1) order by m.created_at, m.name`,
      [status ?? null, project],
    );
    return rows.map(missionFromRow);
  }

  /** Names of these missions, by id. */
  async names(sql: Sql, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await sql.query(`select id, name from missions where id = any($1::uuid[])`, [[...ids]]);
    return new Map(rows.map((r) => [text(r['id']), text(r['name'])]));
  }
}
