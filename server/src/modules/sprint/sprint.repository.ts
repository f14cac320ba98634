/**
 * Sprint rows with the missions and task counts of their tasks; references by id or name. Every lookup
 * is within one project: a sprint of another project is as unknown as one that never existed.
 */
import { randomUUID } from 'node:crypto';
import type { Sprint, SprintStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { isoTime, isoTimeOrNull, text, textArray } from '../../db/row-values.ts';
import { isUuid } from '../agent/agent.repository.ts';
import { taskCountsColumn, taskCountsFrom } from '../mission/task-counts.ts';

const SPRINT_COLUMNS = `s.id, s.name, s.goal, s.status, s.starts_at, s.ends_at, s.created_at, s.updated_at,
  coalesce((select array_agg(distinct t.mission_id::text) from tasks t where t.sprint_id = s.id and t.mission_id is not null), '{}'::text[]) as missions,
  ${taskCountsColumn('t.sprint_id = s.id')} as tasks`;

function sprintFromRow(row: Row): Sprint {
  return {
    sprint_id: text(row['id']),
    name: text(row['name']),
    goal: text(row['goal']),
    status: text(row['status']) as SprintStatus,
    starts_at: isoTimeOrNull(row['starts_at']),
    ends_at: isoTimeOrNull(row['ends_at']),
    missions: textArray(row['missions']),
    tasks: taskCountsFrom(row['tasks']),
    created_at: isoTime(row['created_at']),
    updated_at: isoTime(row['updated_at']),
  };
}

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
    const [row] = await sql.query(
      `select id from sprints where project = $1 and ${isUuid(ref) ? 'id = $2::uuid' : 'name = $2'}${forUpdate ? ' for update' : ''}`,
      [project, ref],
    );
    return row ? text(row['id']) : null;
  }

  /** Inserts a sprint; null when the project already has one of that name. */
  async insert(sql: Sql, project: string, name: string, fields: SprintFields): Promise<string | null> {
    const [row] = await sql.query(
      `insert into sprints (id, project, name, goal, status, starts_at, ends_at) values ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)
       on conflict (project, name) do nothing returning id`,
      [randomUUID(), project, name, fields.goal ?? '', fields.status ?? 'planned', fields.startsAt ?? null, fields.endsAt ?? null],
    );
    return row ? text(row['id']) : null;
  }

  /** Updates a sprint (found in its project by `resolveId`); false when the new name is another sprint's there. */
  async update(sql: Sql, id: string, fields: SprintFields): Promise<boolean> {
    if (fields.name !== undefined) {
      const [clash] = await sql.query(`select 1 from sprints s where s.name = $1 and s.id <> $2 and s.project = (select project from sprints where id = $2)`, [
        fields.name,
        id,
      ]);
      if (clash) return false;
    }
    await sql.query(
      `update sprints set name = coalesce($2, name), goal = coalesce($3, goal), status = coalesce($4, status),
         starts_at = case when $5::boolean then $6::timestamptz else starts_at end,
         ends_at = case when $7::boolean then $8::timestamptz else ends_at end, updated_at = now()
       where id = $1`,
      [id, fields.name ?? null, fields.goal ?? null, fields.status ?? null, fields.startsAt !== undefined, fields.startsAt ?? null, fields.endsAt !== undefined, fields.endsAt ?? null],
    );
    return true;
  }

  async get(sql: Sql, id: string): Promise<Sprint | null> {
    const [row] = await sql.query(`select ${SPRINT_COLUMNS} from sprints s where s.id = $1`, [id]);
    return row ? sprintFromRow(row) : null;
  }

  async list(sql: Sql, project: string, status: SprintStatus | undefined): Promise<Sprint[]> {
    const rows = await sql.query(
      `select ${SPRINT_COLUMNS} from sprints s where s.project = $1 and ($2::text is null or s.status = $2) order by s.starts_at nulls last, s.created_at`,
      [project, status ?? null],
    );
    return rows.map(sprintFromRow);
  }
}
