/**
 * One project, one repository. The first client of a project that names the repository (its root
 * commit) binds the project to it; a request from another repository is refused instead of mixing two
 * lock namespaces whose relative paths merely look alike. Another repository gets a project of its own.
 */
import { CoordinatorError, type RepositoryIdentity } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { isoTime, text } from '../../db/row-values.ts';

export async function checkRepository(sql: Sql, project: string, operation: string, identity: RepositoryIdentity | undefined): Promise<void> {
  if (!identity) return;
  await sql.query(`insert into repository_identity (project, root_commit) values ($1, $2) on conflict (project) do nothing`, [project, identity.root_commit]);
  const [row] = await sql.query(`select root_commit, recorded_at from repository_identity where project = $1`, [project]);
  if (!row || text(row['root_commit']) === identity.root_commit) return;
  const served = text(row['root_commit']);
  throw new CoordinatorError(
    'CONFLICT',
    `${operation}: this coordinator serves another repository (root commit ${served.slice(0, 12)}, first seen ${isoTime(row['recorded_at'])}) in project "${project}", ` +
      `not the one with root commit ${identity.root_commit.slice(0, 12)} — use one project per repository (--project / COORDINATOR_PROJECT), or run one coordinator per repository (serve --port N --data-dir DIR)`,
    [{ field: 'repository', message: 'a different repository' }],
  );
}
