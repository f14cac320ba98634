/**
 * How an agent row becomes the wire's `Agent` (and who it is, and its standing), and the reader for
 * agent rows no column type read: the hand-written statements not converted yet (the board). Such a row
 * is parsed into the typed row's shape (the heartbeat as an ISO string), never cast.
 */
import { z } from 'zod';
import { ACTIVE_TASK_STATUSES, AgentKindSchema, AgentStatusSchema, type Agent } from '@agent-coordinator/shared';
import { isoTime } from '../../db/row-values.ts';
import { textListLiteral } from '../../db/sql-literal.ts';
import type { OwnedAgent } from './acting-as.ts';
import type { Standing } from './agent-standing.ts';

/** An agent's derived status, over an agent `a`: offline, busy with an active task, or idle. */
export const AGENT_STATUS = `case when a.offline_at is not null then 'offline'
       when exists (select 1 from tasks t where t.claimed_by_id = a.id and t.status in ${textListLiteral(ACTIVE_TASK_STATUSES)}) then 'busy'
       else 'idle' end`;

/** Selects an agent `a` with its derived status in hand-written SQL: `select ${AGENT_COLUMNS} from agents a`. */
export const AGENT_COLUMNS = `a.id, a.name, a.kind, a.capabilities, a.last_heartbeat_at, a.owner_account_id,
  ${AGENT_STATUS} as status`;

/** An agent row (`AGENT_COLUMNS`) as a driver gives it, read into the shape the typed statements give. */
const UntypedAgentRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: AgentKindSchema,
  capabilities: z.array(z.string()).readonly(),
  last_heartbeat_at: z.union([z.string(), z.date()]).transform(isoTime),
  owner_account_id: z.string().nullable(),
  status: AgentStatusSchema,
});

/** An agent row as the typed statements read it (agent.repository.ts's `selectAgents`). */
export type AgentRow = z.output<typeof UntypedAgentRowSchema>;

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

/** An agent row no column type read (hand-written SQL), parsed, as the wire shows it. */
export const agentFromRow = (row: unknown, livenessTimeoutSeconds: number): Agent => toAgent(UntypedAgentRowSchema.parse(row), livenessTimeoutSeconds);

/** Who an agent row is, for deciding who may act as it (acting-as.ts). */
export const ownedAgentFromRow = (row: Pick<AgentRow, 'id' | 'name' | 'owner_account_id'>): OwnedAgent => ({
  id: row.id,
  name: row.name,
  ownerAccountId: row.owner_account_id,
});

/** An agent row's kind and capabilities (agent-standing.ts). */
export const standingFromRow = (row: Pick<AgentRow, 'kind' | 'capabilities'>): Standing => ({ kind: row.kind, capabilities: row.capabilities });
