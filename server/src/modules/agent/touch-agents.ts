/** Resolving and touching every agent of a batch, grouped by principal, and announcing returns from offline. */
import type { Actor } from '../../common/actor.ts';
import type { Tx } from '../../common/transactor.ts';
import type { AgentRepository, TouchedAgent } from './agent.repository.ts';

/** principal → (agent id or name → agent). */
export type TouchedByPrincipal = Map<string, Map<string, TouchedAgent>>;

export async function touchAll(
  tx: Tx,
  agents: AgentRepository,
  requests: readonly { readonly actor: Actor; readonly agentRef: string }[],
): Promise<TouchedByPrincipal> {
  const refsByPrincipal = new Map<string, Set<string>>();
  for (const { actor, agentRef } of requests) {
    const refs = refsByPrincipal.get(actor.principal) ?? new Set<string>();
    refs.add(agentRef);
    refsByPrincipal.set(actor.principal, refs);
  }
  const result: TouchedByPrincipal = new Map();
  for (const [principal, refs] of refsByPrincipal) {
    const touched = await agents.touch(tx, { principal }, [...refs]);
    result.set(principal, touched);
    emitCameOnline(tx, new Set(touched.values()));
  }
  return result;
}

export function emitCameOnline(tx: Tx, agents: Iterable<TouchedAgent>): void {
  for (const agent of agents) {
    if (agent.wasOffline) tx.emit({ type: 'agent.status_changed', agent_id: agent.id, name: agent.name, status: 'idle', reason: 'active again after going offline' });
  }
}
