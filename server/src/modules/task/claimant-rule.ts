/**
 * Who may finish what another agent claimed. A claimed task (claimed or in_progress) is completed,
 * failed, released or noted only by its claimant — in single-user local mode too, where anyone may act
 * as any agent by naming it, so a session that names no agent is no longer taken to be the claimer: it is
 * told to register first. A human may take a task over with an explicit `force: true` — as a named agent
 * of kind `human` (the editor's, `register NAME --kind human`, an MCP session registered as human) or as a
 * human principal naming no agent — and every forced change is recorded as `audit.admin_override`
 * with the operation marked `(forced)`, whether or not accounts are on. Cancelling stays a human's
 * decision over any task, as before (the editor asks for confirmation).
 */
import { ACTIVE_TASK_STATUSES, CoordinatorError, type Task, type TaskStatus } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';

/** Whether this change to `task` is one only its claimant may make. */
export const claimantOnly = (task: Task, target: TaskStatus): task is Task & { claimed_by: string } =>
  task.claimed_by !== null && ACTIVE_TASK_STATUSES.includes(task.status) && target !== 'cancelled';

/** A human caller may force: not an agent token, and acting as a human agent when it names one. */
export const mayForce = (actor: Actor, agent: { readonly kind: string } | null): boolean =>
  actor.agentId === null && (agent === null || agent.kind === 'human');

/** A caller that named no agent: register, then act as yourself. */
export function registerFirst(operation: string, task: Task, claimer: string): CoordinatorError {
  return new CoordinatorError(
    'FORBIDDEN',
    `${operation}: ${task.key} is claimed by ${claimer}, and only its claimant may change it — call register_agent first so your calls act as your own agent (a human may pass force: true to take it over; that is audited)`,
    [{ field: 'agent_id', message: 'no agent: register first' }],
  );
}

/** A named agent that is not the claimer. */
export function notTheClaimant(operation: string, task: Task, claimer: string, agent: string): CoordinatorError {
  return new CoordinatorError(
    'CONFLICT',
    `${operation}: ${task.key} is claimed by ${claimer}, not by ${agent} — take another task with get_next_task (a human agent may pass force: true to take it over; that is audited)`,
  );
}
