/**
 * The agents of a batch whose requests come from several callers and projects: each request's agent is
 * resolved in that request's project and checked against that request's caller, so a request naming an
 * unknown agent, or one its caller may not act as, fails alone. Only the agents some request may act as
 * are recorded as alive; overrides and returns from offline are recorded in their project.
 *
 * Who owns an agent is read only when it decides something: in local mode, and for an agent token naming
 * its own agent, the request may act as whatever agent it names (acting-as.ts), so the touch alone
 * resolves it — one statement fewer on the path of every claim and lock.
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

/** A request that may act as any agent it names, so no owner need be read (see actingAs). */
const plainlyAllowed = ({ actor, agentRef }: AgentRequest): boolean => (actor.account === null && actor.agentId === null) || actor.agentId === agentRef;

export async function touchAll(tx: Tx, agents: AgentRepository, requests: readonly AgentRequest[], operationOf: (index: number) => string): Promise<ActingAgents> {
  const refsByProject = new Map<string, Set<string>>();
  for (const request of requests) {
    if (plainlyAllowed(request)) continue;
    const refs = refsByProject.get(request.actor.project) ?? new Set<string>();
    refs.add(request.agentRef);
    refsByProject.set(request.actor.project, refs);
  }
  const known = new Map<string, Map<string, OwnedAgent>>();
  for (const [project, refs] of refsByProject) known.set(project, await agents.lookup(tx, project, [...refs]));

  /** Per request: the reference to touch (an id once its owner was checked), or why it is refused. */
  const decided: ({ readonly ref: string } | { readonly error: Error })[] = [];
  const allowed = new Map<string, Set<string>>();
  const allow = (project: string, ref: string): void => {
    const refs = allowed.get(project) ?? new Set<string>();
    refs.add(ref);
    allowed.set(project, refs);
    decided.push({ ref });
  };
  for (const [index, request] of requests.entries()) {
    const { actor, agentRef } = request;
    if (plainlyAllowed(request)) {
      allow(actor.project, agentRef);
      continue;
    }
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
    allow(actor.project, agent.id);
  }

  /** Per project, the touched agents by id and by name. */
  const touched = new Map<string, Map<string, TouchedAgent>>();
  for (const [project, refs] of allowed) {
    const alive = await agents.touch(tx, project, [...refs]);
    touched.set(project, alive);
    emitCameOnline(tx.within(project), new Set(alive.values()));
  }
  return decided.map((d, index) => {
    if ('error' in d) return { ok: false, error: d.error };
    const request = requests[index];
    const agent = request ? touched.get(request.actor.project)?.get(d.ref) : undefined;
    // Unknown, or gone between the lookup and the touch: as unknown as if it never was.
    return agent ? { ok: true, agent } : { ok: false, error: unknownAgent(operationOf(index), request?.agentRef ?? d.ref) };
  });
}
