/**
 * Tasks: creation, reading, and every status change after the claim — progress, completion, failure,
 * cancellation and release back to the queue. Leaving the active states releases the task's locks.
 */
import {
  CompleteTaskInputSchema,
  CoordinatorError,
  CreateTaskInputSchema,
  GetTaskInputSchema,
  ListTasksInputSchema,
  ReleaseTaskInputSchema,
  TASK_TRANSITIONS,
  UpdateTaskInputSchema,
  parseInput,
  type CompleteTaskInput,
  type CreateTaskInput,
  type GetTaskInput,
  type ListTasksInput,
  type ReleaseTaskInput,
  type Task,
  type TaskStatus,
  type UpdateTaskInput,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { unknownAgent } from '../agent/agent-ref.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { TaskRepository } from './task.repository.ts';

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
}

export class TaskService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #tasks = new TaskRepository();
  readonly #agents = new AgentRepository();
  readonly #locks = new LockRepository();

  constructor(db: Database, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
  }

  create(actor: Actor, raw: CreateTaskInput): Promise<Task> {
    const input = parseInput('create_task', CreateTaskInputSchema, raw);
    return this.#transactor.run(async (tx) => {
      const deps = await this.#tasks.resolve(tx, input.depends_on);
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
      const task = await this.#tasks.insert(tx, {
        title: input.title,
        description: input.description,
        priority: input.priority,
        capabilities: input.capabilities,
        files: input.files,
        dependsOn: [...new Set(input.depends_on.map((ref) => deps.get(ref) as string))],
        missionId: input.mission_id ?? null,
        assigneeId,
      });
      tx.emit({ type: 'task.created', task });
      return task;
    });
  }

  async get(_actor: Actor, raw: GetTaskInput): Promise<Task> {
    const { task_id } = parseInput('get_task', GetTaskInputSchema, raw);
    const task = await this.#tasks.find(this.#db, task_id);
    if (!task) throw unknownTask('get_task', task_id);
    return task;
  }

  async list(actor: Actor, raw: ListTasksInput): Promise<Task[]> {
    const input = parseInput('list_tasks', ListTasksInputSchema, raw);
    let assigneeId: string | undefined;
    if (input.assignee) {
      const assignee = await this.#agents.find(this.#db, actor, input.assignee);
      if (!assignee) throw unknownAgent('list_tasks', input.assignee);
      assigneeId = String(assignee['id']);
    }
    return this.#tasks.list(this.#db, { status: input.status, missionId: input.mission_id, assigneeId, limit: input.limit });
  }

  update(actor: Actor, raw: UpdateTaskInput): Promise<Task> {
    const input = parseInput('update_task', UpdateTaskInputSchema, raw);
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
    });
  }

  complete(actor: Actor, raw: CompleteTaskInput): Promise<Task> {
    const input = parseInput('complete_task', CompleteTaskInputSchema, raw);
    return this.#change(actor, { operation: 'complete_task', ref: input.task_id, agentRef: input.agent_id, status: 'done', summary: input.summary });
  }

  release(actor: Actor, raw: ReleaseTaskInput): Promise<Task> {
    const input = parseInput('release_task', ReleaseTaskInputSchema, raw);
    return this.#change(actor, { operation: 'release_task', ref: input.task_id, agentRef: input.agent_id, status: 'open', reason: input.reason });
  }

  #change(actor: Actor, change: Change): Promise<Task> {
    return this.#transactor.run(async (tx) => {
      const task = await this.#tasks.find(tx, change.ref, true);
      if (!task) throw unknownTask(change.operation, change.ref);
      if (change.agentRef !== undefined) await this.#checkClaimer(tx, actor, change, task);
      const target = change.status ?? task.status;
      if (target !== task.status && !TASK_TRANSITIONS[task.status].includes(target)) {
        throw new CoordinatorError('CONFLICT', transitionRefusal(change.operation, task, target));
      }
      const updated = await this.#tasks.setStatus(tx, task.task_id, target, { progressNote: change.progressNote, summary: change.summary });
      const leavesActive = target === 'open' || target === 'done' || target === 'failed' || target === 'cancelled';
      if (leavesActive && target !== task.status) {
        const released = await this.#locks.deleteByTask(tx, task.task_id);
        if (released.length > 0) tx.emit({ type: 'lock.released', locks: released, reason: target === 'open' ? 'task_released' : 'task_finished' });
      }
      if (target === 'open' && task.status !== 'open') {
        tx.emit({ type: 'task.released', task: updated, previous_status: task.status, reason: change.reason ?? 'released by its agent' });
      } else {
        tx.emit({ type: 'task.updated', task: updated, previous_status: task.status });
      }
      return updated;
    });
  }

  async #checkClaimer(tx: Tx, actor: Actor, change: Change, task: Task): Promise<void> {
    const ref = change.agentRef as string;
    const agent = (await this.#agents.touch(tx, actor, [ref])).get(ref);
    if (!agent) throw unknownAgent(change.operation, ref);
    if (task.claimed_by !== null && task.claimed_by !== agent.id) {
      const holder = await this.#agents.find(tx, actor, task.claimed_by);
      throw new CoordinatorError(
        'CONFLICT',
        `${change.operation}: ${task.key} is claimed by ${holder ? String(holder['name']) : task.claimed_by}, not by ${agent.name} — take another task with get_next_task`,
      );
    }
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
