/**
 * Who is calling, as every service sees it: the project the call is scoped to, the caller's role, and
 * for agent tokens the one agent it may act as. Transports build it (see `modules/auth/authenticate.ts`);
 * services and repositories only read it. Every row a call reads or writes belongs to `actor.project`.
 *
 * With no accounts on a loopback server everyone is `localActor`: the single-user local mode, an admin
 * of the one project `local` (where all data lives until accounts exist).
 */
import type { Role } from '@agent-coordinator/shared';

export interface Actor {
  /** The project every row this call sees or touches belongs to. */
  readonly project: string;
  readonly role: Role;
  /** The human account behind a session; null in local mode and for agent tokens. */
  readonly account: { readonly id: string; readonly name: string } | null;
  /** For an agent token: the only agent this caller may act as. Null for humans and in local mode. */
  readonly agentId: string | null;
}

export const LOCAL_PROJECT = 'local';
export const localActor: Actor = { project: LOCAL_PROJECT, role: 'admin', account: null, agentId: null };

/**
 * The coordinator itself acting within a project, for work it does on someone's behalf after the fact
 * (applying an approved request, the liveness sweeper): it may act as any agent of that project.
 */
export function systemActor(project: string): Actor {
  return { project, role: 'admin', account: null, agentId: null };
}
