/**
 * Who may act as which agent. An agent token acts only as its own agent; a member acts as the agents
 * they registered (their human agent from the editor, the agents they issued tokens for); an admin may
 * act as any agent of the project, and doing so for someone else's agent — forcing a release, completing
 * a task for it — is recorded as an `audit.admin_override` event. In local mode everyone is the admin
 * and nothing is audited (there is no one else).
 */
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';

export interface OwnedAgent {
  readonly id: string;
  readonly name: string;
  /** The account that registered the agent; null for agents registered in local mode. */
  readonly ownerAccountId: string | null;
}

export type ActingAs = { readonly allowed: true; readonly override: boolean } | { readonly allowed: false; readonly error: CoordinatorError };

export function actingAs(actor: Actor, operation: string, agent: OwnedAgent): ActingAs {
  if (actor.agentId !== null) {
    if (actor.agentId === agent.id) return { allowed: true, override: false };
    return refused(`${operation}: this agent token acts only as its own agent, not as ${agent.name} — an agent cannot touch another agent's tasks or locks; ask an admin to force it`);
  }
  if (actor.account === null || agent.ownerAccountId === actor.account.id) return { allowed: true, override: false };
  if (actor.role === 'admin') return { allowed: true, override: true };
  return refused(`${operation}: ${agent.name} is not one of your agents — act as an agent you registered, or ask an admin to force it`);
}

function refused(message: string): ActingAs {
  return { allowed: false, error: new CoordinatorError('FORBIDDEN', message, [{ field: 'agent_id', message: 'not yours to act as' }]) };
}

/** The audit event for an admin acting as someone else's agent. */
export function overrideEvent(actor: Actor, operation: string, agent: OwnedAgent) {
  return { type: 'audit.admin_override' as const, account: actor.account?.name ?? 'local', agent_id: agent.id, agent_name: agent.name, operation };
}
