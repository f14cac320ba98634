/**
 * One project, one repository. The first client of a project that names the repository (its root
 * commit) binds the project to it; a request from another repository is refused instead of mixing two
 * lock namespaces whose relative paths merely look alike. Another repository gets a project of its own.
 */
import { CoordinatorError, type RepositoryIdentity } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { RepositoryIdentityRepository } from './repository-identity.repository.ts';

/** Where the project's binding is kept (repository-identity.repository.ts). */
export type RepositoryBindings = Pick<RepositoryIdentityRepository, 'bind'>;

const BINDINGS: RepositoryBindings = new RepositoryIdentityRepository();

export async function checkRepository(sql: Sql, project: string, operation: string, identity: RepositoryIdentity | undefined): Promise<void> {
  if (!identity) return;
  const bound = await BINDINGS.bind(sql, project, identity.root_commit);
  if (!bound || bound.rootCommit === identity.root_commit) return;
  const served = bound.rootCommit;
  throw new CoordinatorError(
    'CONFLICT',
    `${operation}: this coordinator serves another repository (root commit ${served.slice(0, 12)}, first seen ${bound.recordedAt}) in project "${project}", ` +
      `not the one with root commit ${identity.root_commit.slice(0, 12)} — use one project per repository (--project / COORDINATOR_PROJECT), or run one coordinator per repository (serve --port N --data-dir DIR)`,
    [{ field: 'repository', message: 'a different repository' }],
  );
}
