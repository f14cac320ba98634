/**
 * The agent a call acts as, resolved in the caller's project and checked against who the caller is
 * (acting-as.ts): refused with FORBIDDEN, or allowed — an admin's override of someone else's agent is
 * recorded in the same transaction as the change it allows. Registration follows the same rule: a name
 * that exists is resumed only by someone who may act as that agent, and an agent token registers nothing new.
 */
import { CoordinatorError, DEFAULT_AGENT_KIND, type AgentKind } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Tx } from '../../common/transactor.ts';
import { actingAs, overrideEvent, type OwnedAgent } from './acting-as.ts';
import type { AgentRepository, TouchedAgent } from './agent.repository.ts';
import { unknownAgent } from './agent-ref.ts';
import { ownedAgentFromRow, standingFromRow, type AgentRow } from './agent.rows.ts';
import { checkStandingChange, requestedStanding, sameStanding, standingChangedEvent } from './agent-standing.ts';

/** Throws FORBIDDEN unless the caller may act as the agent; records an admin's override in the caller's project. */
export function actAs(tx: Tx, actor: Actor, operation: string, agent: OwnedAgent): void {
  const verdict = actingAs(actor, operation, agent);
  if (!verdict.allowed) throw verdict.error;
  if (verdict.override) tx.within(actor.project).emit(overrideEvent(actor, operation, agent));
}

/**
 * The agent `ref` names in the caller's project, alive again (a return from offline announced), once the
 * caller may act as it. A refusal throws, so the transaction — and the heartbeat — roll back.
 */
export async function touchAs(tx: Tx, agents: AgentRepository, actor: Actor, operation: string, ref: string): Promise<TouchedAgent> {
  const agent = (await agents.touch(tx, actor.project, [ref])).get(ref);
  if (!agent) throw unknownAgent(operation, ref);
  actAs(tx, actor, operation, agent);
  emitCameOnline(tx.within(actor.project), [agent]);
  return agent;
}

export function emitCameOnline(tx: Tx, agents: Iterable<TouchedAgent>): void {
  for (const agent of agents) {
    if (agent.wasOffline) tx.emit({ type: 'agent.status_changed', agent_id: agent.id, name: agent.name, status: 'idle', reason: 'active again after going offline' });
  }
}

/**
 * Registers `name` in the caller's project, or resumes the agent of that name when the caller may act
 * as it. A new agent belongs to the caller's account; an agent token may only resume its own agent.
 * Resuming with another kind or capabilities is a standing change (agent-standing.ts): refused to agent
 * tokens and never to human, audited otherwise; left out, they stay as they are.
 */
export async function registerAgent(
  tx: Tx,
  agents: AgentRepository,
  actor: Actor,
  operation: string,
  agent: { readonly name: string; readonly kind?: AgentKind | undefined; readonly capabilities?: readonly string[] | undefined },
): Promise<{ readonly row: AgentRow; readonly resumed: boolean }> {
  // Twice at most: an insert that loses a race with a registration of the same name resumes that agent.
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await agents.findByNameForUpdate(tx, actor, agent.name);
    if (existing) {
      const owned = ownedAgentFromRow(existing);
      actAs(tx, actor, operation, owned);
      const from = standingFromRow(existing);
      const to = requestedStanding(from, agent);
      const changed = !sameStanding(from, to);
      if (changed) checkStandingChange(actor, operation, owned, from, to, { via: 'register', hasAgentToken: false });
      const row = await agents.resume(tx, actor, owned.id, to.kind, to.capabilities);
      if (changed && row) tx.within(actor.project).emit(standingChangedEvent(actor, operation, owned, from, to));
      if (row) return { row, resumed: true };
      continue;
    }
    if (actor.agentId !== null) {
      throw new CoordinatorError(
        'FORBIDDEN',
        `${operation}: an agent token cannot register a new agent ("${agent.name}") — it acts only as its own agent; a human of the project registers agents and issues their tokens (issue_agent_token)`,
        [{ field: 'name', message: 'agent tokens register no new agents' }],
      );
    }
    const row = await agents.insert(tx, actor, agent.name, agent.kind ?? DEFAULT_AGENT_KIND, [...new Set(agent.capabilities ?? [])]);
    if (row) return { row, resumed: false };
  }
  throw new CoordinatorError('CONFLICT', `${operation}: the agent "${agent.name}" changed while registering it — try again`);
}
