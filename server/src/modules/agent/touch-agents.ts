/**
 * The agents of a batch whose requests come from several callers and projects: each request's agent is
 * resolved in that request's project and checked against that request's caller, so a request naming an
 * unknown agent, or one its caller may not act as, fails alone. Only the agents some request may act as
 * are recorded as alive; overrides and returns from offline are recorded in their project.
 */
import type { Actor } from '../../common/actor.ts';
import type { Tx } from '../../common/transactor.ts';
import { actingAs, overrideEvent, type OwnedAgent } from './acting-as.ts';
import { emitCameOnline } from './acting-agent.ts';
import type { AgentRepository, TouchedAgent } from './agent.repository.ts';
import { unknownAgent } from './agent-ref.ts';

export interface AgentRequest {
  readonly actor: Actor;
  readonly agentRef: string;
}

/** Per request, in order: the agent it acts as, or the error that refuses only that request. */
export type ActingAgents = readonly ({ readonly ok: true; readonly agent: TouchedAgent } | { readonly ok: false; readonly error: Error })[];

export async function touchAll(tx: Tx, agents: AgentRepository, requests: readonly AgentRequest[], operationOf: (index: number) => string): Promise<ActingAgents> {
  const refsByProject = new Map<string, Set<string>>();
  for (const { actor, agentRef } of requests) {
    const refs = refsByProject.get(actor.project) ?? new Set<string>();
    refs.add(agentRef);
    refsByProject.set(actor.project, refs);
  }
  const known = new Map<string, Map<string, OwnedAgent>>();
  for (const [project, refs] of refsByProject) known.set(project, await agents.lookup(tx, project, [...refs]));

  const decided: ({ readonly agent: OwnedAgent } | { readonly error: Error })[] = [];
  const allowed = new Map<string, Set<string>>();
  for (const [index, { actor, agentRef }] of requests.entries()) {
    const operation = operationOf(index);
    const agent = known.get(actor.project)?.get(agentRef);
    if (!agent) {
      decided.push({ error: unknownAgent(operation, agentRef) });
      continue;
    }
    const verdict = actingAs(actor, operation, agent);
    if (!verdict.allowed) {
      decided.push({ error: verdict.error });
      continue;
    }
    if (verdict.override) tx.within(actor.project).emit(overrideEvent(actor, operation, agent));
    const ids = allowed.get(actor.project) ?? new Set<string>();
    ids.add(agent.id);
    allowed.set(actor.project, ids);
    decided.push({ agent });
  }

  const touched = new Map<string, TouchedAgent>();
  for (const [project, ids] of allowed) {
    const alive = await agents.touch(tx, project, [...ids]);
    for (const agent of alive.values()) touched.set(agent.id, agent);
    emitCameOnline(tx.within(project), new Set(alive.values()));
  }
  return decided.map((d, index) => {
    if ('error' in d) return { ok: false, error: d.error };
    const agent = touched.get(d.agent.id);
    // Gone between the lookup and the touch: as unknown as if it never was.
    return agent ? { ok: true, agent } : { ok: false, error: unknownAgent(operationOf(index), requests[index]?.agentRef ?? d.agent.id) };
  });
}
