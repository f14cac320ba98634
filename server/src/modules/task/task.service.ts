/**
 * Tasks: creation, reading, and every status change after the claim — progress, completion, failure,
 * cancellation and release back to the queue. Leaving the active states releases the task's locks.
 * Everything is within the caller's project, and changing a claimed task is acting as its claimer
 * (acting-as.ts): an agent token changes only its own agent's tasks, a member only their agents' ones;
 * and only the claimant, or a human forcing it, changes a claimed task (claimant-rule.ts).
 */
import {
  CoordinatorError,
  TASK_TRANSITIONS,
  type CompleteTaskInputSchema,
  type CreateTaskInputSchema,
  type CreateTaskResult,
  type GetTaskInputSchema,
  type ListTasksInputSchema,
  type Parsed,
  type ReleaseTaskInputSchema,
  type PendingApproval,
  type Task,
  type TaskChangeResult,
  type TaskStatus,
  type UpdateTaskInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { AgentRepository, type TouchedAgent } from '../agent/agent.repository.ts';
import { unknownAgent } from '../agent/agent-ref.ts';
import { actAs, touchAs } from '../agent/acting-agent.ts';
import { actingAs, overrideEvent } from '../agent/acting-as.ts';
import { claimantOnly, mayForce, notTheClaimant, registerFirst } from './claimant-rule.ts';
import { ownedAgentFromRow } from '../agent/agent.rows.ts';
import type { TaskLeaseCheck } from './task-lease-check.ts';
import { TaskRepository } from './task.repository.ts';
import { NO_POLICIES, type PolicyGate } from '../policy/policy-gate.ts';
import type { TransitionApprovalRequest } from '../approval/approval-request.ts';
import { MissionRepository } from '../mission/mission.repository.ts';
import { SprintRepository } from '../sprint/sprint.repository.ts';
import { unknownPlanItem } from '../mission/unknown-plan.ts';
import type { Sql } from '../../db/database.ts';
import type { DuplicateAdvice } from './duplicate-advice.ts';

export const unknownTask = (operation: string, ref: string): CoordinatorError =>
  new CoordinatorError('NOT_FOUND', `${operation}: no task "${ref}" — list_tasks shows the existing ones`, [
    { field: 'task_id', message: 'unknown task' },
  ]);

interface Change {
  readonly operation: string;
  readonly ref: string;
  readonly agentRef: string | undefined;
  readonly status: TaskStatus | undefined;
  readonly progressNote?: string | undefined;
  readonly summary?: string | undefined;
  readonly reason?: string | undefined;
  /** Refuse unless this is still the caller's live lock (the `TaskLeaseCheck`, guard/fencing.ts). */
  readonly fencingToken?: number | undefined;
  /** A human takes over a task another agent claimed (claimant-rule.ts). */
  readonly force?: boolean | undefined;
  /** A human approved this change after a policy escalated it (approval.service). */
  readonly approved?: boolean | undefined;
}

/** A change applied (with any policy warnings or the pending approval), or refused by a policy. */
export type ChangeOutcome = { readonly result: TaskChangeResult } | { readonly refused: CoordinatorError };

const withPolicy = (task: Task, warnings: readonly string[], pending?: PendingApproval): TaskChangeResult => ({
  ...task,
  ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
  ...(pending ? { pending_approval: pending } : {}),
});

export class TaskService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #tasks = new TaskRepository();
  readonly #agents = new AgentRepository();
  readonly #missions = new MissionRepository();
  readonly #sprints = new SprintRepository();
  readonly #gate: Pick<PolicyGate, 'open'>;
  readonly #duplicates: DuplicateAdvice | null;
  readonly #requireLease: TaskLeaseCheck;

  constructor(db: Database, transactor: Transactor, requireLease: TaskLeaseCheck, gate: Pick<PolicyGate, 'open'> = NO_POLICIES, duplicates: DuplicateAdvice | null = null) {
    this.#db = db;
    this.#transactor = transactor;
    this.#requireLease = requireLease;
    this.#gate = gate;
    this.#duplicates = duplicates;
  }

  async createTask(actor: Actor, input: Parsed<typeof CreateTaskInputSchema>): Promise<CreateTaskResult> {
    const created = await this.#transactor.run(actor.project, async (tx) => {
      const deps = await this.#tasks.resolve(tx, actor.project, input.depends_on);
      const missing = input.depends_on.filter((ref) => !deps.has(ref));
      if (missing.length > 0) {
        throw new CoordinatorError('NOT_FOUND', `create_task: depends_on names unknown tasks ${missing.join(', ')} — create them first`, [
          { field: 'depends_on', message: `unknown: ${missing.join(', ')}` },
        ]);
      }
      let assigneeId: string | null = null;
      if (input.assignee) {
        const assignee = await this.#agents.find(tx, actor, input.assignee);
        if (!assignee) throw unknownAgent('create_task', input.assignee);
        assigneeId = String(assignee['id']);
      }
      const task = await this.#tasks.insert(tx, actor.project, {
        title: input.title,
        description: input.description,
        priority: input.priority,
        capabilities: input.capabilities,
        files: input.files,
        dependsOn: [...new Set(input.depends_on.map((ref) => deps.get(ref) as string))],
        missionId: input.mission_id ? await this.#planId(tx, actor, 'create_task', 'mission', input.mission_id) : null,
        sprintId: input.sprint_id ? await this.#planId(tx, actor, 'create_task', 'sprint', input.sprint_id) : null,
        assigneeId,
      });
      tx.emit({ type: 'task.created', task });
      return task;
    });
    // Advice, never a refusal: a very similar open or recent task is named; the task exists either way.
    const warnings = (await this.#duplicates?.advise(created)) ?? [];
    return warnings.length > 0 ? { ...created, warnings } : created;
  }

  async getTask(actor: Actor, { task_id }: Parsed<typeof GetTaskInputSchema>): Promise<Task> {
    const task = await this.#tasks.find(this.#db, actor.project, task_id);
    if (!task) throw unknownTask('get_task', task_id);
    return task;
  }

  async listTasks(actor: Actor, input: Parsed<typeof ListTasksInputSchema>): Promise<Task[]> {
    let assigneeId: string | undefined;
    if (input.assignee) {
      const assignee = await this.#agents.find(this.#db, actor, input.assignee);
      if (!assignee) throw unknownAgent('list_tasks', input.assignee);
      assigneeId = String(assignee['id']);
    }
    const missionId = input.mission_id ? await this.#planId(this.#db, actor, 'list_tasks', 'mission', input.mission_id) : undefined;
    const sprintId = input.sprint_id ? await this.#planId(this.#db, actor, 'list_tasks', 'sprint', input.sprint_id) : undefined;
    return this.#tasks.list(this.#db, actor.project, { status: input.status, missionId, sprintId, assigneeId, limit: input.limit });
  }

  updateTask(actor: Actor, input: Parsed<typeof UpdateTaskInputSchema>): Promise<TaskChangeResult> {
    if (input.status === undefined && input.progress_note === undefined) {
      throw new CoordinatorError('VALIDATION', 'update_task: nothing to change — give status and/or progress_note', [
        { field: 'status', message: 'give status or progress_note' },
      ]);
    }
    return this.#change(actor, {
      operation: 'update_task',
      ref: input.task_id,
      agentRef: input.agent_id,
      status: input.status,
      progressNote: input.progress_note,
      fencingToken: input.fencing_token,
      force: input.force,
    });
  }

  completeTask(actor: Actor, input: Parsed<typeof CompleteTaskInputSchema>): Promise<TaskChangeResult> {
    return this.#change(actor, { operation: 'complete_task', ref: input.task_id, agentRef: input.agent_id, status: 'done', summary: input.summary, fencingToken: input.fencing_token, force: input.force });
  }

  releaseTask(actor: Actor, input: Parsed<typeof ReleaseTaskInputSchema>): Promise<TaskChangeResult> {
    return this.#change(actor, { operation: 'release_task', ref: input.task_id, agentRef: input.agent_id, status: 'open', reason: input.reason, force: input.force });
  }

  async #change(actor: Actor, change: Change): Promise<TaskChangeResult> {
    const outcome = await this.#transactor.run(actor.project, (tx) => this.#changeWithin(tx, actor, change));
    // A refusal by a policy commits its audit entry (nothing else was changed), then reaches the caller.
    if ('refused' in outcome) throw outcome.refused;
    return outcome.result;
  }

  /** Applies a transition a human approved, in the approval's transaction; policies are checked again (blocks still refuse). */
  applyApproved(tx: Tx, actor: Actor, request: TransitionApprovalRequest): Promise<ChangeOutcome> {
    return this.#changeWithin(tx, actor, {
      operation: request.via,
      ref: request.task_id,
      agentRef: request.agent_id ?? undefined,
      status: request.status,
      progressNote: request.progress_note ?? undefined,
      summary: request.summary ?? undefined,
      reason: request.reason ?? undefined,
      approved: true,
    });
  }

  async #changeWithin(tx: Tx, actor: Actor, asked: Change): Promise<ChangeOutcome> {
    // An agent token that names no agent acts as its own.
    const change: Change = asked.agentRef === undefined && actor.agentId !== null ? { ...asked, agentRef: actor.agentId } : asked;
    if (change.fencingToken !== undefined) await this.#requireLease(tx, actor, change.operation, change.agentRef, change.fencingToken, change.ref);
    const task = await this.#tasks.find(tx, actor.project, change.ref, true);
    if (!task) throw unknownTask(change.operation, change.ref);
    const target = change.status ?? task.status;
    const agent = change.agentRef !== undefined ? await this.#checkClaimer(tx, actor, change, task, target) : null;
    if (agent === null && task.claimed_by !== null) {
      // An approved change was checked when it was asked for; the approval applies it as asked.
      if (claimantOnly(task, target) && !change.approved) await this.#takeOver(tx, actor, change, task, null);
      else await this.#actAsClaimer(tx, actor, change.operation, task.claimed_by);
    }
    if (target !== task.status && !TASK_TRANSITIONS[task.status].includes(target)) {
      throw new CoordinatorError('CONFLICT', transitionRefusal(change.operation, task, target));
    }
    let warnings: readonly string[] = [];
    if (target !== task.status) {
      const check = await this.#gate.open(tx);
      const decision = await check.decide(
        { operation: 'transition', agent, taskId: task.task_id, from: task.status, to: target },
        {
          operation: change.operation,
          approved: change.approved,
          summary: `set ${task.key} ${target} (now ${task.status})`,
          request: {
            operation: 'transition',
            project: actor.project,
            agent_id: agent?.id ?? null,
            task_id: task.task_id,
            via: change.operation === 'complete_task' || change.operation === 'release_task' ? change.operation : 'update_task',
            status: target,
            progress_note: change.progressNote ?? null,
            summary: change.summary ?? null,
            reason: change.reason ?? null,
          },
        },
      );
      if (decision.kind === 'blocked') return { refused: decision.error };
      // Escalated: nothing changes (the note too waits for the approval); the task is returned as it is.
      if (decision.kind === 'pending') return { result: withPolicy(task, decision.warnings, decision.pending) };
      warnings = decision.warnings;
    }
    const leavesActive = target === 'open' || target === 'done' || target === 'failed' || target === 'cancelled';
    const { task: updated, released } = await this.#tasks.setStatus(tx, task.task_id, target, {
      progressNote: change.progressNote,
      summary: change.summary,
      releaseLocks: leavesActive && target !== task.status,
    });
    if (released.length > 0) tx.emit({ type: 'lock.released', locks: released, reason: target === 'open' ? 'task_released' : 'task_finished' });
    if (target === 'open' && task.status !== 'open') {
      tx.emit({ type: 'task.released', task: updated, previous_status: task.status, reason: change.reason ?? 'released by its agent' });
    } else {
      tx.emit({ type: 'task.updated', task: updated, previous_status: task.status });
    }
    return { result: withPolicy(updated, warnings) };
  }

  async #planId(sql: Sql, actor: Actor, operation: string, what: 'mission' | 'sprint', ref: string): Promise<string> {
    const id = what === 'mission' ? await this.#missions.resolveId(sql, actor.project, ref) : await this.#sprints.resolveId(sql, actor.project, ref);
    if (!id) throw unknownPlanItem(operation, what, ref, `${what}_id`);
    return id;
  }

  /** A change that names no agent is made for the task's claimer: only by someone who may act as it. */
  async #actAsClaimer(tx: Tx, actor: Actor, operation: string, claimerId: string): Promise<void> {
    const claimer = await this.#agents.find(tx, actor, claimerId);
    if (claimer) actAs(tx, actor, operation, ownedAgentFromRow(claimer));
  }

  async #checkClaimer(tx: Tx, actor: Actor, change: Change, task: Task, target: TaskStatus): Promise<TouchedAgent> {
    const ref = change.agentRef as string;
    const agent = await touchAs(tx, this.#agents, actor, change.operation, ref);
    if (task.claimed_by !== null && task.claimed_by !== agent.id) {
      if (change.force === true && claimantOnly(task, target) && mayForce(actor, agent)) {
        await this.#takeOver(tx, actor, change, task, agent);
        return agent;
      }
      const holder = await this.#agents.find(tx, actor, task.claimed_by);
      throw notTheClaimant(change.operation, task, holder ? String(holder['name']) : task.claimed_by, agent.name);
    }
    return agent;
  }

  /**
   * A change to someone else's claimed task: refused unless a human forces it and may act as the claimer
   * (with accounts: an admin, or the claimer's owner); a forced change is always audited.
   */
  async #takeOver(tx: Tx, actor: Actor, change: Change, task: Task & { claimed_by: string }, agent: TouchedAgent | null): Promise<void> {
    const row = await this.#agents.find(tx, actor, task.claimed_by);
    const claimer = row ? ownedAgentFromRow(row) : { id: task.claimed_by, name: task.claimed_by, ownerAccountId: null };
    if (change.force !== true || !mayForce(actor, agent)) throw registerFirst(change.operation, task, claimer.name);
    const verdict = actingAs(actor, change.operation, claimer);
    if (!verdict.allowed) throw verdict.error;
    tx.within(actor.project).emit(overrideEvent(actor, `${change.operation} (forced)`, claimer));
  }
}

function transitionRefusal(operation: string, task: Task, target: TaskStatus): string {
  if (task.status === 'open' && target !== 'cancelled') {
    return `${operation}: ${task.key} is open — claim it with get_next_task before setting it ${target}`;
  }
  if (TASK_TRANSITIONS[task.status].length === 0) {
    return `${operation}: ${task.key} is already ${task.status} and cannot change — create a new task if more work is needed`;
  }
  return `${operation}: ${task.key} cannot go from ${task.status} to ${target}; allowed: ${TASK_TRANSITIONS[task.status].join(', ')}`;
}
