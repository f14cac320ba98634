/** Resolving agent references for the planning and policy modules, and the check that a decision is a human's. */
import { CoordinatorError, type AgentKind } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Sql } from '../../db/database.ts';
import { text, textArray } from '../../db/row-values.ts';
import { AgentRepository } from './agent.repository.ts';
import { requireAgentRef, unknownAgent } from './agent-ref.ts';

export interface KnownAgent {
  readonly id: string;
  readonly name: string;
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
}

const agents = new AgentRepository();

export async function findAgent(sql: Sql, actor: Actor, ref: string): Promise<KnownAgent | null> {
  const row = await agents.find(sql, actor, ref);
  if (!row) return null;
  return { id: text(row['id']), name: text(row['name']), kind: text(row['kind']) as AgentKind, capabilities: textArray(row['capabilities']) };
}

export async function requireAgent(sql: Sql, actor: Actor, operation: string, ref: string): Promise<KnownAgent> {
  const agent = await findAgent(sql, actor, ref);
  if (!agent) throw unknownAgent(operation, ref);
  return agent;
}

/** Agent ids for references, in order and without repeats; NOT_FOUND naming `field` for an unknown one. */
export async function agentIds(sql: Sql, actor: Actor, operation: string, refs: readonly string[], field: string): Promise<string[]> {
  const ids: string[] = [];
  for (const ref of refs) {
    const agent = await findAgent(sql, actor, ref);
    if (!agent) {
      throw new CoordinatorError('NOT_FOUND', `${operation}: no agent "${ref}" in ${field} — register it first (register_agent)`, [{ field, message: `unknown agent ${ref}` }]);
    }
    if (!ids.includes(agent.id)) ids.push(agent.id);
  }
  return ids;
}

/**
 * The agent making a decision that only humans may make (approving, rejecting, declaring policies):
 * it must be registered with kind `human`.
 */
export async function requireHuman(sql: Sql, actor: Actor, operation: string, ref: string | undefined): Promise<KnownAgent> {
  const agent = await requireAgent(sql, actor, operation, requireAgentRef(operation, ref));
  if (agent.kind !== 'human') {
    throw new CoordinatorError(
      'FORBIDDEN',
      `${operation}: only a human may do this, and ${agent.name} is a ${agent.kind} agent — register a human (register_agent with kind human, or \`agent-coordinator register NAME --kind human\`) and act as it`,
      [{ field: 'agent_id', message: 'not a human agent' }],
    );
  }
  return agent;
}
