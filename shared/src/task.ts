/** Tasks: the unit of work an agent claims, with the files it will touch and the tasks it waits for. */
import * as z from 'zod';
import { freeText } from './text.ts';
import { LIMITS } from './limits.ts';
import { AgentRefSchema, CapabilitiesSchema, TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { RepoPathListSchema } from './path.ts';
import { MissionRefSchema, SprintRefSchema } from './planning-refs.ts';
import { PendingApprovalSchema, WarningsSchema } from './policy-outcome.ts';

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export const PrioritySchema = z.enum(PRIORITIES, { error: `expected one of ${PRIORITIES.join(', ')}` });
export type Priority = z.infer<typeof PrioritySchema>;
/** Higher rank is claimed first. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { low: 0, normal: 1, high: 2, critical: 3 };

export const TASK_STATUSES = ['open', 'claimed', 'in_progress', 'done', 'failed', 'cancelled'] as const;
export const TaskStatusSchema = z.enum(TASK_STATUSES, { error: `expected one of ${TASK_STATUSES.join(', ')}` });
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
/**
 * A task someone is working on. SQL takes it as a bound parameter (`status = any($n::text[])`); two
 * spellings stay literal because a parameter cannot reach them: the partial index `tasks_claimed_by`
 * (migration m001) and the agent status column fragment `AGENT_COLUMNS` (agent.rows.ts).
 */
export const ACTIVE_TASK_STATUSES: readonly TaskStatus[] = ['claimed', 'in_progress'];
export const FINAL_TASK_STATUSES: readonly TaskStatus[] = ['done', 'failed', 'cancelled'];

/**
 * The lifecycle. `open → claimed` happens only through get_next_task (claim and locks in one step);
 * `→ open` only through release_task. Done, failed and cancelled are final.
 */
export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  open: ['claimed', 'cancelled'],
  claimed: ['in_progress', 'done', 'failed', 'cancelled', 'open'],
  in_progress: ['done', 'failed', 'cancelled', 'open'],
  done: [],
  failed: [],
  cancelled: [],
};

const TitleSchema = freeText().trim().min(1, { error: 'must not be empty: give the task a short title' }).max(LIMITS.titleLength);
const NoteSchema = freeText().max(LIMITS.noteLength);

export const CreateTaskInputSchema = z.strictObject({
  title: TitleSchema,
  description: freeText().max(LIMITS.descriptionLength).default(''),
  priority: PrioritySchema.default('normal'),
  capabilities: CapabilitiesSchema.default([]),
  files: RepoPathListSchema.default([]),
  depends_on: z.array(TaskRefSchema).max(LIMITS.dependencies).default([]),
  mission_id: MissionRefSchema.nullish(),
  sprint_id: SprintRefSchema.nullish(),
  /** Puts the task in this agent's inbox: only that agent is offered it, before anything else. */
  assignee: AgentRefSchema.nullish(),
});
export type CreateTaskInput = z.input<typeof CreateTaskInputSchema>;

export const TaskSchema = z.object({
  task_id: UuidSchema,
  key: z.string(),
  title: z.string(),
  description: z.string(),
  priority: PrioritySchema,
  status: TaskStatusSchema,
  capabilities: z.array(z.string()),
  files: z.array(z.string()),
  depends_on: z.array(UuidSchema),
  mission_id: UuidSchema.nullable(),
  sprint_id: UuidSchema.nullable(),
  assignee: UuidSchema.nullable(),
  claimed_by: UuidSchema.nullable(),
  progress_note: z.string().nullable(),
  summary: z.string().nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Task = z.infer<typeof TaskSchema>;

/** What create_task answers: the task, plus advice such as `possible duplicate of T-12 (similarity 0.93, open): …`. */
export const CreateTaskResultSchema = TaskSchema.extend({ warnings: WarningsSchema.optional() });
export type CreateTaskResult = z.infer<typeof CreateTaskResultSchema>;

/**
 * What update, complete and release answer: the task, plus the warnings of policies that let the change
 * through, or — when a policy escalated it — the pending approval (the task is then returned unchanged).
 */
export const TaskChangeResultSchema = TaskSchema.extend({
  warnings: WarningsSchema.optional(),
  pending_approval: PendingApprovalSchema.optional(),
});
export type TaskChangeResult = z.infer<typeof TaskChangeResultSchema>;

/**
 * The fencing token of a lock you work under (from get_next_task or lock_files). Given, the change is
 * refused unless that lock is still your live lock — a holder whose lease lapsed and whose files went to
 * another agent cannot finish as if nothing happened.
 */
/** A human takes over a task another agent claimed; audited (server task/claimant-rule.ts). */
const ForceSchema = z.boolean().describe('human only: act on a task another agent claimed (audited)');

const FencingTokenInputSchema = z.number().int().min(1).describe('fencing_token of the lock you work under: refused if your lease lapsed');

export const UpdateTaskInputSchema = z.strictObject({
  task_id: TaskRefSchema,
  status: z.enum(['in_progress', 'done', 'failed', 'cancelled'], { error: 'expected one of in_progress, done, failed, cancelled (use release_task to reopen)' }).optional(),
  progress_note: NoteSchema.optional(),
  agent_id: AgentRefSchema.optional(),
  fencing_token: FencingTokenInputSchema.optional(),
  force: ForceSchema.optional(),
});
export type UpdateTaskInput = z.input<typeof UpdateTaskInputSchema>;

export const CompleteTaskInputSchema = z.strictObject({
  task_id: TaskRefSchema,
  summary: NoteSchema.optional(),
  agent_id: AgentRefSchema.optional(),
  fencing_token: FencingTokenInputSchema.optional(),
  force: ForceSchema.optional(),
});
export type CompleteTaskInput = z.input<typeof CompleteTaskInputSchema>;

export const ReleaseTaskInputSchema = z.strictObject({
  task_id: TaskRefSchema,
  reason: NoteSchema.optional(),
  agent_id: AgentRefSchema.optional(),
  force: ForceSchema.optional(),
});
export type ReleaseTaskInput = z.input<typeof ReleaseTaskInputSchema>;

export const GetTaskInputSchema = z.strictObject({ task_id: TaskRefSchema });
export type GetTaskInput = z.input<typeof GetTaskInputSchema>;

export const ListTasksInputSchema = z.strictObject({
  status: TaskStatusSchema.optional(),
  mission_id: MissionRefSchema.optional(),
  sprint_id: SprintRefSchema.optional(),
  assignee: AgentRefSchema.optional(),
  limit: z.number().int().min(1).max(LIMITS.listPageSize).default(200),
});
export type ListTasksInput = z.input<typeof ListTasksInputSchema>;
