/**
 * Renewing an agent's leases where clients can see it. A heartbeat moves every live lease of the agent
 * forward; done silently, every client kept the expiry it saw at grant time and showed a lapsed time for a
 * live lease. So the renewal records one `locks.renewed` event per agent and heartbeat, carrying each
 * lock's new expiry and the heartbeat's time — one event however many locks, and none when the agent holds
 * no live lock (heartbeats are frequent; an agent without locks has no expiry anyone shows, and its
 * liveness is announced by `agent.status_changed` when it changes).
 */
import type { Agent } from '@agent-coordinator/shared';
import type { Tx } from '../../common/transactor.ts';
import type { AgentRepository } from './agent.repository.ts';

export async function renewLeases(tx: Tx, agents: AgentRepository, agent: Agent): Promise<void> {
  const locks = await agents.renewLocks(tx, agent.agent_id);
  if (locks.length > 0) tx.emit({ type: 'locks.renewed', agent_id: agent.agent_id, last_heartbeat_at: agent.last_heartbeat_at, locks });
}
