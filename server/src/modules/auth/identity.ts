/**
 * Who a token says the caller is, before a project is chosen, and how that becomes the `Actor` every
 * service reads. A session may name its project (header / connection param); an agent token is bound to
 * its agent's project; an account in one project needs to name none.
 */
import { CoordinatorError } from '@agent-coordinator/shared';
import { localActor, type Actor } from '../../common/actor.ts';

export type Identity =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'session';
      readonly credentialId: string;
      readonly account: { readonly id: string; readonly name: string };
      readonly role: 'admin' | 'member';
      readonly projects: readonly string[];
    }
  | { readonly kind: 'agent'; readonly credentialId: string; readonly agentId: string; readonly agentName: string; readonly project: string };

/**
 * Administration (accounts, projects, members) is for admins: a session with the admin role, or the
 * single-user local mode. Checked by the service, and by the router before it parses the input, so a
 * member's malformed request is told FORBIDDEN rather than how to fix it.
 */
export function requireAdmin(identity: Identity, operation: string): void {
  if (identity.kind === 'local' || (identity.kind === 'session' && identity.role === 'admin')) return;
  throw new CoordinatorError('FORBIDDEN', `${operation}: only an admin may do this`);
}

export function actorFor(identity: Identity, requestedProject: string | null): Actor {
  if (identity.kind === 'local') {
    if (requestedProject !== null && requestedProject !== localActor.project) {
      throw new CoordinatorError('NOT_FOUND', `no project "${requestedProject}": in single-user local mode there is only the project "local"`, [
        { field: 'project', message: 'unknown project' },
      ]);
    }
    return localActor;
  }
  if (identity.kind === 'agent') {
    if (requestedProject !== null && requestedProject !== identity.project) {
      throw new CoordinatorError('FORBIDDEN', `the token of agent ${identity.agentName} works in project "${identity.project}" only`, [
        { field: 'project', message: 'not this agent token’s project' },
      ]);
    }
    return { project: identity.project, role: 'agent', account: null, agentId: identity.agentId };
  }
  const project = requestedProject ?? onlyProject(identity.account.name, identity.projects);
  if (!identity.projects.includes(project)) {
    throw new CoordinatorError('FORBIDDEN', `${identity.account.name} is not a member of project "${project}" — ask an admin to add you (project add-member)`, [
      { field: 'project', message: 'not a member' },
    ]);
  }
  return { project, role: identity.role, account: identity.account, agentId: null };
}

function onlyProject(account: string, projects: readonly string[]): string {
  const [only, ...others] = projects;
  if (only !== undefined && others.length === 0) return only;
  if (only === undefined) {
    throw new CoordinatorError('FORBIDDEN', `${account} belongs to no project yet — ask an admin to add you (project add-member PROJECT ${account})`, [
      { field: 'project', message: 'no project' },
    ]);
  }
  throw new CoordinatorError('VALIDATION', `name the project: ${account} belongs to ${projects.join(', ')} (header X-Coordinator-Project, --project or COORDINATOR_PROJECT)`, [
    { field: 'project', message: 'required when the account has several projects' },
  ]);
}
