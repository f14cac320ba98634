/**
 * How long ago an agent was heard from, as far as this client can honestly tell. Any call by an agent is
 * a heartbeat on the server, but only heartbeats that renewed leases reach clients (`locks.renewed`): an
 * agent holding no lock heartbeats silently, so its last known time only ages in our copy. The server
 * marks an agent offline once it is silent past its liveness window and says so (`agent.status_changed`),
 * so an agent still online was heard from within that window: past it, we say so instead of showing an
 * age that measures only how stale our copy is ("12 min ago" for an agent that heartbeats every minute).
 */
import type { Agent } from '@agent-coordinator/shared';
import { ago } from './format.ts';

const span = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
};

export function lastSeen(agent: Agent, now: number = Date.now()): string {
  const age = ago(agent.last_heartbeat_at, now);
  if (agent.status === 'offline') return age;
  const heard = Date.parse(agent.last_heartbeat_at);
  const windowMs = Date.parse(agent.expires_at) - heard;
  if (!Number.isFinite(windowMs) || windowMs <= 0 || now - heard <= windowMs) return age;
  return `heard within ${span(windowMs)}`;
}
