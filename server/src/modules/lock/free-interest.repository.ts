/**
 * Rows of lock_free_interests: the paths agents asked to hear about when they are free. Statements are
 * typed from the `LockFreeInterest` entity (lock-free-interest.entity.ts) through the ORM's Kysely.
 */
import { sql as raw } from 'kysely';
import type { Sql } from '../../db/database.ts';
import { prepared } from '../../db/prepared-statement.ts';

export interface FreeInterest {
  readonly project: string;
  readonly agentId: string;
  readonly path: string;
}

/** Read after every release (who waits for the freed paths): prepared, built and compiled once. */
const INTERESTS_OF_PROJECT = prepared<{ project: string }>()((db, p) => db.selectFrom('lock_free_interests').select(['project', 'agent_id', 'path']).where('project', '=', p.project));

const fromRow = (row: { readonly project: string; readonly agent_id: string; readonly path: string }): FreeInterest => ({ project: row.project, agentId: row.agent_id, path: row.path });

export class FreeInterestRepository {
  /** Records interest in paths (already recorded ones stay); at most `limit` per agent, counting the ones it has. */
  async record(sql: Sql, project: string, agentId: string, paths: readonly string[], limit: number): Promise<number> {
    const row = await sql.db
      .selectFrom('lock_free_interests')
      .select(raw<number>`count(*)::int`.as('n'))
      .where('project', '=', project)
      .where('agent_id', '=', agentId)
      .where(raw<boolean>`not (path = any(${[...paths]}::text[]))`)
      .executeTakeFirst();
    const have = row?.n ?? 0;
    if (have + paths.length > limit || paths.length === 0) return have;
    await sql.db
      .insertInto('lock_free_interests')
      .values(paths.map((path) => ({ project, agent_id: agentId, path })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    return have;
  }

  /** Every interest of a project (of every project with null). */
  async list(sql: Sql, project: string | null): Promise<FreeInterest[]> {
    const rows = project === null ? await sql.db.selectFrom('lock_free_interests').select(['project', 'agent_id', 'path']).execute() : await INTERESTS_OF_PROJECT(sql, { project });
    return rows.map(fromRow);
  }

  /** Deletes these interests; only the ones this statement deleted come back (another replica may have taken the rest). */
  async take(sql: Sql, interests: readonly FreeInterest[]): Promise<FreeInterest[]> {
    if (interests.length === 0) return [];
    const rows = await sql.db
      .deleteFrom('lock_free_interests')
      .where((eb) =>
        eb(
          eb.refTuple('project', 'agent_id', 'path'),
          'in',
          interests.map((i) => eb.tuple(i.project, i.agentId, i.path)),
        ),
      )
      .returning(['project', 'agent_id', 'path'])
      .execute();
    return rows.map(fromRow);
  }
}
