/** How agents are read from the database and shaped for the wire. */
import { ACTIVE_TASK_STATUSES, type Agent, type AgentKind, type AgentStatus } from '@agent-coordinator/shared';
import type { Row } from '../../db/database.ts';
import { isoTime, text, textArray, textOrNull } from '../../db/row-values.ts';
import { textListLiteral } from '../../db/sql-literal.ts';
import type { OwnedAgent } from './acting-as.ts';
import type { Standing } from './agent-standing.ts';

/** Selects an agent `a` with its derived status; use as `select ${AGENT_COLUMNS} from agents a`. */
export const AGENT_COLUMNS = `a.id, a.name, a.kind, a.capabilities, a.last_heartbeat_at, a.owner_account_id,
  case when a.offline_at is not null then 'offline'
       when exists (select 1 from tasks t where t.claimed_by_id = a.id and t.status in ${textListLiteral(ACTIVE_TASK_STATUSES)}) then 'busy'
       else 'idle' end as status`;

export function agentFromRow(row: Row, livenessTimeoutSeconds: number): Agent {
  const lastHeartbeat = isoTime(row['last_heartbeat_at']);
  return {
    agent_id: text(row['id']),
    name: text(row['name']),
    kind: text(row['kind']) as AgentKind,
    capabilities: textArray(row['capabilities']),
    status: text(row['status']) as AgentStatus,
    last_heartbeat_at: lastHeartbeat,
    expires_at: new Date(Date.parse(lastHeartbeat) + livenessTimeoutSeconds * 1000).toISOString(),
  };
}

/** Who an agent row is, for deciding who may act as it (acting-as.ts). */
export const ownedAgentFromRow = (row: Row): OwnedAgent => ({
  id: text(row['id']),
  name: text(row['name']),
  ownerAccountId: textOrNull(row['owner_account_id']),
});

/** An agent row's kind and capabilities (agent-standing.ts). */
export const standingFromRow = (row: Row): Standing => ({ kind: text(row['kind']) as AgentKind, capabilities: textArray(row['capabilities']) });
