/**
 * An agent's standing — its kind and its capabilities — is what policies read (`transition_requires_human`,
 * `transition_requires_capability`, scopes by kind or capability, the human-only decisions), so it comes
 * from whoever administers the agent, never from the agent's own word:
 *
 * - An agent token never changes its agent's kind or capabilities, up or down (dropping a capability can
 *   slip out of a policy scoped to it as surely as adding one slips past a rule): re-registering with
 *   other ones is refused with FORBIDDEN naming who can change them. Leaving them out keeps them.
 * - Whoever may act as the agent as a person changes them — its owner's session, an admin (audited as an
 *   override), in local mode the one local user — by re-registering or with `set_agent` (`agent set`).
 * - `register` never turns an AI agent into a human, in either mode: becoming human is a deliberate
 *   `agent set NAME --kind human`, and only for an agent without an agent token, because kind human
 *   belongs to a person's session, never to a token (`issue_agent_token` refuses human agents too).
 *
 * Every change is recorded as an `audit.agent_standing_changed` event in the same transaction.
 */
import { CoordinatorError, type AgentKind, type EventPayload } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { OwnedAgent } from './acting-as.ts';

export interface Standing {
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
}

/** What the standing becomes when a request gives `kind` and `capabilities` or leaves them out. */
export function requestedStanding(current: Standing, requested: { readonly kind?: AgentKind | undefined; readonly capabilities?: readonly string[] | undefined }): Standing {
  return { kind: requested.kind ?? current.kind, capabilities: requested.capabilities ? [...new Set(requested.capabilities)] : current.capabilities };
}

/** Capabilities compared as sets: their order carries no meaning. */
export function sameStanding(a: Standing, b: Standing): boolean {
  if (a.kind !== b.kind) return false;
  const left = new Set(a.capabilities);
  const right = new Set(b.capabilities);
  return left.size === right.size && [...left].every((c) => right.has(c));
}

const describe = (s: Standing): string => `${s.kind} with capabilities [${s.capabilities.join(', ')}]`;

const setCommand = (name: string, to: Standing): string =>
  `agent-coordinator set-agent ${name} --kind ${to.kind} --capabilities ${to.capabilities.length > 0 ? to.capabilities.join(',') : '""'}`;

/** The field a refusal names: the one the request changed (kind first). */
const changedField = (from: Standing, to: Standing): string => (from.kind !== to.kind ? 'kind' : 'capabilities');

/**
 * Throws FORBIDDEN unless this caller may change the agent's standing from `from` to `to` through
 * `via`. The caller has already been allowed to act as the agent (acting-as.ts); `hasAgentToken` says
 * whether the agent holds a live agent token (only asked for a change to human through `set`).
 */
export function checkStandingChange(
  actor: Actor,
  operation: string,
  agent: OwnedAgent,
  from: Standing,
  to: Standing,
  change: { readonly via: 'register' | 'set'; readonly hasAgentToken: boolean },
): void {
  const field = changedField(from, to);
  if (actor.agentId !== null || actor.role === 'agent') {
    throw new CoordinatorError(
      'FORBIDDEN',
      `${operation}: ${agent.name} is ${describe(from)}, and an agent token cannot change its own kind or capabilities — register with the same ones or leave kind and capabilities out; its owner or an admin changes them (${setCommand(agent.name, to)})`,
      [{ field, message: 'set by the agent’s owner or an admin, not by its token' }],
    );
  }
  if (to.kind !== 'human' || from.kind === 'human') return;
  if (change.via === 'register') {
    throw new CoordinatorError(
      'FORBIDDEN',
      `${operation}: ${agent.name} is registered as ${from.kind}, and registering again does not turn an AI agent into a human — register the person under a name of their own, or have its owner or an admin change it deliberately (agent-coordinator set-agent ${agent.name} --kind human)`,
      [{ field: 'kind', message: 'an AI agent does not become human by registering' }],
    );
  }
  if (change.hasAgentToken) {
    throw new CoordinatorError(
      'FORBIDDEN',
      `${operation}: ${agent.name} has an agent token, and kind human belongs to a person's session, never to a token — revoke its token first (agent-coordinator revoke-agent-token ${agent.name}) or register the person as an agent of their own`,
      [{ field: 'kind', message: 'an agent with a token cannot be human' }],
    );
  }
}

/** The audit event of a standing change. */
export function standingChangedEvent(actor: Actor, operation: string, agent: OwnedAgent, from: Standing, to: Standing): EventPayload {
  return {
    type: 'audit.agent_standing_changed',
    account: actor.account?.name ?? 'local',
    agent_id: agent.id,
    agent_name: agent.name,
    operation,
    previous_kind: from.kind,
    kind: to.kind,
    previous_capabilities: [...from.capabilities],
    capabilities: [...to.capabilities],
  };
}
