/**
 * Fencing tokens: a change made under a lock carries the lock's token, and is refused once that lock is
 * no longer the caller's live lock. Every grant draws a new token from one increasing sequence (a renewal
 * of one's own lock keeps it), so a holder whose lease lapsed while it was paused — and whose files may
 * have gone to someone else — learns it at its next write or task change instead of overwriting.
 *
 * The caller must hold the lock-space advisory lock (LockRepository.enterLockSpace): then no grant runs
 * concurrently, and comparing the lease with `clock_timestamp()` (not the transaction's start time) means
 * a lock that another agent could already have been granted is never taken for live.
 *
 * Tokens are unique server-wide, but a lease is looked up in the caller's project only: another
 * project's token is as unknown as one that never existed.
 */
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Sql } from '../../db/database.ts';
import { actingAs } from '../agent/acting-as.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { ownedAgentFromRow } from '../agent/agent.rows.ts';
import { requireAgentRef, unknownAgent } from '../agent/agent-ref.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { taskKey } from '../../common/task-key.ts';
import { LeaseRepository } from './lease.repository.ts';

/** The lease reads fencing needs (lease.repository.ts). */
export type LeaseReads = Pick<LeaseRepository, 'byToken' | 'otherHolder'>;

const LEASES: LeaseReads = new LeaseRepository();

/** Why the token no longer holds for this agent, or null when it is the agent's live lock (on `taskId`, when given). */
export async function leaseProblem(sql: Sql, project: string, agentId: string, token: number, taskId?: string): Promise<string | null> {
  const lease = await LEASES.byToken(sql, project, token);
  if (!lease) return `there is no lock with fencing token ${token} (it never existed, or ended over a day ago); re-acquire with lock_files`;
  if (lease.agentId !== agentId) return `fencing token ${token} is not yours (it belongs to another agent's lock on ${lease.path}); use the token of your own lock`;
  if (taskId !== undefined && lease.taskId !== null && lease.taskId !== taskId) {
    return `fencing token ${token} belongs to your lock on ${lease.path} of another task; use the token of a lock on this task's files`;
  }
  if (lease.live) return null;
  const ended = lease.releasedAt ? `was released at ${lease.releasedAt}` : `expired at ${lease.expiresAt}`;
  const now = await currentHolder(sql, project, lease.path, agentId);
  return `your lease on ${lease.path} (fencing token ${token}) ${ended}${now}; re-acquire it with lock_files (you get a new token) and check what changed before writing`;
}

/** Throws LOCK_HELD with the reason when the token no longer holds. */
export async function requireLease(sql: Sql, project: string, operation: string, agentId: string, token: number, taskId?: string): Promise<void> {
  const problem = await leaseProblem(sql, project, agentId, token, taskId);
  if (problem) throw new CoordinatorError('LOCK_HELD', `${operation}: ${problem}`, [{ field: 'fencing_token', message: 'no longer your live lock' }]);
}

async function currentHolder(sql: Sql, project: string, path: string, agentId: string): Promise<string> {
  const holder = await LEASES.otherHolder(sql, project, path, agentId);
  if (!holder) return '';
  const task = holder.taskKeyNumber === null ? '' : ` for ${taskKey(holder.taskKeyNumber)}`;
  return `, and ${holder.name} holds it now${task} (token ${holder.fencingToken}) until ${holder.expiresAt}`;
}

/**
 * update_task / complete_task with a fencing token: the caller must name itself, and the token must be its
 * live lock (on this task, when the lock belongs to one), and the caller must be allowed to act as that
 * agent (checked here so nothing about another agent's lease is told; the task change records any
 * override). Call first in the transaction: it takes the lock-space lock before any task row is locked,
 * the order claims take them in.
 */
export async function requireTaskLease(sql: Sql, actor: Actor, operation: string, agentRef: string | undefined, token: number, taskRef: string): Promise<void> {
  const ref = requireAgentRef(operation, agentRef);
  await new LockRepository().enterLockSpace(sql);
  const agent = await new AgentRepository().find(sql, actor, ref);
  if (!agent) throw unknownAgent(operation, ref);
  const verdict = actingAs(actor, operation, ownedAgentFromRow(agent));
  if (!verdict.allowed) throw verdict.error;
  const taskId = (await new TaskRepository().resolve(sql, actor.project, [taskRef])).get(taskRef);
  await requireLease(sql, actor.project, operation, String(agent['id']), token, taskId);
}
