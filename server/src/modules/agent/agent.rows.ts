/**
 * How an agent row, as the typed statements read it (agent.repository.ts's `selectAgents`), becomes the
 * wire's `Agent`, who it is and its standing; and the SQL text of an agent's derived status, which the
 * agent and board statements share.
 */
import { ACTIVE_TASK_STATUSES, type Agent, type AgentKind, type AgentStatus } from '@agent-coordinator/shared';
import { textListLiteral } from '../../db/sql-literal.ts';
import type { OwnedAgent } from './acting-as.ts';
import type { Standing } from './agent-standing.ts';

/** An agent's derived status, over an agent `a`: offline, busy with an active task, or idle. */
export const AGENT_STATUS = `case when a.offline_at is not null then 'offline'
       when exists (select 1 from tasks t where t.claimed_by_id = a.id and t.status in ${textListLiteral(ACTIVE_TASK_STATUSES)}) then 'busy'
       else 'idle' end`;

/** An agent row as the typed statements read it (agent.repository.ts's `selectAgents`): the heartbeat an ISO string. */
export interface AgentRow {
  readonly id: string;
  readonly name: string;
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
  readonly last_heartbeat_at: string;
  readonly owner_account_id: string | null;
  readonly status: AgentStatus;
}

/** An agent row as the wire shows it; its lease ends `livenessTimeoutSeconds` after its last heartbeat. */
export function toAgent(row: AgentRow, livenessTimeoutSeconds: number): Agent {
  return {
    agent_id: row.id,
    name: row.name,
    kind: row.kind,
    capabilities: [...row.capabilities],
    status: row.status,
    last_heartbeat_at: row.last_heartbeat_at,
    expires_at: new Date(Date.parse(row.last_heartbeat_at) + livenessTimeoutSeconds * 1000).toISOString(),
  };
}

/** Who an agent row is, for deciding who may act as it (acting-as.ts). */
export const ownedAgentFromRow = (row: Pick<AgentRow, 'id' | 'name' | 'owner_account_id'>): OwnedAgent => ({
  id: row.id,
  name: row.name,
  ownerAccountId: row.owner_account_id,
});

/** An agent row's kind and capabilities (agent-standing.ts). */
export const standingFromRow = (row: Pick<AgentRow, 'kind' | 'capabilities'>): Standing => ({ kind: row.kind, capabilities: row.capabilities });
