/**
 * Resolving agent references for the planning, policy, approval and auth modules, and the check that a
 * decision is a human's. Every lookup is in the caller's project (another project's agent is as unknown
 * as one that never existed). `findAgent` and `agentIds` are mere references (a mission's principals, a
 * filter); `requireAgent` is for acting as the agent (deciding, managing its token), so the caller must
 * be allowed to (acting-as.ts) — inside a transaction an admin's override is recorded with the change.
 */
import { CoordinatorError, type AgentKind } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Tx } from '../../common/transactor.ts';
import type { Sql } from '../../db/database.ts';
import { actingAs, type OwnedAgent } from './acting-as.ts';
import { actAs } from './acting-agent.ts';
import { AgentRepository } from './agent.repository.ts';
import { ownedAgentFromRow, standingFromRow } from './agent.rows.ts';
import { requireAgentRef, unknownAgent } from './agent-ref.ts';

export interface KnownAgent extends OwnedAgent {
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
}

const isTx = (sql: Sql): sql is Tx => 'emit' in sql && 'within' in sql;

const agents = new AgentRepository();

export async function findAgent(sql: Sql, actor: Actor, ref: string): Promise<KnownAgent | null> {
  const row = await agents.find(sql, actor, ref);
  if (!row) return null;
  return { ...ownedAgentFromRow(row), ...standingFromRow(row) };
}

/** The agent the caller acts as: NOT_FOUND when unknown in the project, FORBIDDEN when not the caller's to act as. */
export async function requireAgent(sql: Sql, actor: Actor, operation: string, ref: string): Promise<KnownAgent> {
  const agent = await findAgent(sql, actor, ref);
  if (!agent) throw unknownAgent(operation, ref);
  if (isTx(sql)) actAs(sql, actor, operation, agent);
  else {
    const verdict = actingAs(actor, operation, agent);
    if (!verdict.allowed) throw verdict.error;
  }
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
      `${operation}: only a human may do this, and ${agent.name} is a ${agent.kind} agent — register a human (register_agent with kind human, or \`agent-coordinator register-agent NAME --kind human\`) and act as it`,
      [{ field: 'agent_id', message: 'not a human agent' }],
    );
  }
  return agent;
}
