/** Rows of lock_free_interests: the paths agents asked to hear about when they are free. */
import type { Sql } from '../../db/database.ts';
import { text } from '../../db/row-values.ts';

export interface FreeInterest {
  readonly project: string;
  readonly agentId: string;
  readonly path: string;
}

export class FreeInterestRepository {
  /** Records interest in paths (already recorded ones stay); at most `limit` per agent, counting the ones it has. */
  async record(sql: Sql, project: string, agentId: string, paths: readonly string[], limit: number): Promise<number> {
    const [row] = await sql.query(`select count(*)::int as n from lock_free_interests where project = $1 and agent_id = $2 and not (path = any($3::text[]))`, [
      project,
      agentId,
      [...paths],
    ]);
    const have = Number(row?.['n'] ?? 0);
    if (have + paths.length > limit) return have;
    await sql.query(
      `insert into lock_free_interests (project, agent_id, path) select $1, $2, p from unnest($3::text[]) as p on conflict do nothing`,
      [project, agentId, [...paths]],
    );
    return have;
  }

  /** Every interest of a project (of every project with null). */
  async list(sql: Sql, project: string | null): Promise<FreeInterest[]> {
    const rows = project === null
      ? await sql.query(`select project, agent_id, path from lock_free_interests`)
      : await sql.query(`select project, agent_id, path from lock_free_interests where project = $1`, [project]);
    return rows.map((r) => ({ project: text(r['project']), agentId: text(r['agent_id']), path: text(r['path']) }));
  }

  /** Deletes these interests; only the ones this statement deleted come back (another replica may have taken the rest). */
  async take(sql: Sql, interests: readonly FreeInterest[]): Promise<FreeInterest[]> {
    if (interests.length === 0) return [];
    const rows = await sql.query(
      `delete from lock_free_interests i using unnest($1::text[], $2::uuid[], $3::text[]) as x(project, agent_id, path)
       where i.project = x.project and i.agent_id = x.agent_id and i.path = x.path
       returning i.project, i.agent_id, i.path`,
      [interests.map((i) => i.project), interests.map((i) => i.agentId), interests.map((i) => i.path)],
    );
    return rows.map((r) => ({ project: text(r['project']), agentId: text(r['agent_id']), path: text(r['path']) }));
  }
}
