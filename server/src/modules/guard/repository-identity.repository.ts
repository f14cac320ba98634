/** The repository each project serves (its root commit), typed from the `RepositoryIdentity` entity (guard.entity.ts). */
import type { Sql } from '../../db/database.ts';

export interface ServedRepository {
  readonly rootCommit: string;
  readonly recordedAt: string;
}

export class RepositoryIdentityRepository {
  /** Binds the project to this root commit unless it is bound already; returns the binding in force. */
  async bind(sql: Sql, project: string, rootCommit: string): Promise<ServedRepository | null> {
    await sql.db
      .insertInto('repository_identity')
      .values({ project, root_commit: rootCommit })
      .onConflict((conflict) => conflict.column('project').doNothing())
      .execute();
    const row = await sql.db.selectFrom('repository_identity').select(['root_commit', 'recorded_at']).where('project', '=', project).executeTakeFirst();
    return row ? { rootCommit: row.root_commit, recordedAt: row.recorded_at } : null;
  }
}
