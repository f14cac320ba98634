/**
 * One coordinator, one repository. The first client that names the repository (its root commit) binds
 * the coordinator to it; a request from another repository is refused instead of mixing two lock
 * namespaces whose relative paths merely look alike. A later "projects" feature keys namespaces by it.
 */
import { CoordinatorError, type RepositoryIdentity } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { isoTime, text } from '../../db/row-values.ts';

export async function checkRepository(sql: Sql, operation: string, identity: RepositoryIdentity | undefined): Promise<void> {
  if (!identity) return;
  await sql.query(`insert into repository_identity (root_commit) values ($1) on conflict (singleton) do nothing`, [identity.root_commit]);
  const [row] = await sql.query(`select root_commit, recorded_at from repository_identity`);
  if (!row || text(row['root_commit']) === identity.root_commit) return;
  const served = text(row['root_commit']);
  throw new CoordinatorError(
    'CONFLICT',
    `${operation}: this coordinator serves another repository (root commit ${served.slice(0, 12)}, first seen ${isoTime(row['recorded_at'])}), ` +
      `not the one with root commit ${identity.root_commit.slice(0, 12)} — run one coordinator per repository (serve --port N --data-dir DIR) and point AGENT_COORDINATOR_URL at it`,
    [{ field: 'repository', message: 'a different repository' }],
  );
}
