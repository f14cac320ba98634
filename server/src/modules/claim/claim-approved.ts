/**
 * Claiming one task for one agent after a human approved the claim a policy escalated. The task must
 * still be open and ready, offered to that agent, within its capabilities and with its files free; the
 * policies are checked again (an approval satisfies escalations, not blocks). Runs in the approval's
 * transaction, inside the lock space like every claim, and in the project the request was made in.
 */
import { CoordinatorError, DEFAULT_LOCK_TTL_SECONDS, type NextTaskResult } from '@agent-coordinator/shared';
import type { Tx } from '../../common/transactor.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { findConflicts } from '../lock/lock-conflicts.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { TaskRepository } from '../task/task.repository.ts';
import type { PolicyGate } from '../policy/policy-gate.ts';
import type { ClaimApprovalRequest } from '../approval/approval-request.ts';
import { claimWithLocks, lockReadyCandidate } from './claim.repository.ts';

const agents = new AgentRepository();
const locks = new LockRepository();
const tasks = new TaskRepository();

export async function claimApproved(
  tx: Tx,
  gate: Pick<PolicyGate, 'open'>,
  request: ClaimApprovalRequest,
): Promise<{ readonly result: NextTaskResult } | { readonly refused: CoordinatorError }> {
  const refuse = (code: 'CONFLICT' | 'NOT_FOUND' | 'LOCK_HELD', message: string) => ({ refused: new CoordinatorError(code, `approved claim: ${message}`) });
  const project = request.project;
  const events = tx.within(project);
  await locks.enterLockSpace(tx);
  const agent = (await agents.touch(tx, project, [request.agent_id])).get(request.agent_id);
  if (!agent) return refuse('NOT_FOUND', `the requesting agent ${request.agent_id} no longer exists`);
  const task = await tasks.find(tx, project, request.task_id);
  if (!task) return refuse('NOT_FOUND', `task ${request.task_id} no longer exists`);
  const candidate = await lockReadyCandidate(tx, task.task_id);
  if (!candidate) return refuse('CONFLICT', `${task.key} is ${task.status === 'open' ? 'waiting on unfinished dependencies' : `already ${task.status}`}`);
  if (candidate.assigneeId !== null && candidate.assigneeId !== agent.id) return refuse('CONFLICT', `${task.key} is now in another agent's inbox`);
  const missing = candidate.capabilities.filter((c) => !agent.capabilities.includes(c));
  if (missing.length > 0) return refuse('CONFLICT', `${agent.name} lacks the capabilities ${missing.join(', ')} that ${task.key} needs`);
  const conflicts = findConflicts(candidate.files, 'exclusive', agent.id, await locks.live(tx, project));
  if (conflicts.length > 0) return refuse('LOCK_HELD', `${task.key}'s files are held: ${conflicts.map((c) => `${c.path} by ${c.held_by}`).join(', ')}`);
  const decision = await (await gate.open(tx, [project])).decide(
    { operation: 'claim', agent, taskId: candidate.id, paths: candidate.files },
    { operation: 'get_next_task', approved: true, summary: `claim ${candidate.key} for ${agent.name}`, request },
  );
  if (decision.kind === 'blocked') return { refused: decision.error };
  if (decision.kind === 'pending') return refuse('CONFLICT', `${task.key} needs another approval (${decision.pending.approval_id})`);
  const { tasks: claimedById, locks: granted } = await claimWithLocks(
    tx,
    [{ taskId: candidate.id, agentId: agent.id }],
    candidate.files.map((path) => ({ project, path, mode: 'exclusive' as const, agentId: agent.id, taskId: candidate.id, reason: `files of ${candidate.key}`, ttlSeconds: DEFAULT_LOCK_TTL_SECONDS })),
  );
  // The row was locked open and ready above, so the claim cannot miss it.
  const claimed = claimedById.get(candidate.id);
  if (!claimed) throw new Error(`approved claim: ${candidate.key} was not claimed although it was locked open`);
  events.emit({ type: 'task.claimed', task: claimed, agent_id: agent.id });
  if (granted.length > 0) events.emit({ type: 'lock.acquired', locks: granted });
  return { result: { task: claimed, locks: granted, ...(decision.warnings.length > 0 ? { warnings: [...decision.warnings] } : {}) } };
}
