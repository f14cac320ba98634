/**
 * The agent-facing tool catalogue, declared once: names (verb-first snake_case), descriptions and
 * input/output schemas. The MCP server exposes exactly these; the VS Code extension's language-model
 * tools reuse the same names and schemas. Descriptions are kept short: agents pay for them every turn.
 */
import * as z from 'zod';
import { AgentRefInputSchema, AgentSchema, HeartbeatResultSchema, RegisterAgentInputSchema } from './agent.ts';
import { CreateTaskInputSchema, CreateTaskResultSchema, CompleteTaskInputSchema, ListTasksInputSchema, ReleaseTaskInputSchema, TaskChangeResultSchema, TaskSchema, UpdateTaskInputSchema } from './task.ts';
import { NextTaskInputSchema, NextTaskResultSchema } from './claim.ts';
import {
  CheckFilesInputSchema,
  CheckFilesResultSchema,
  LockFilesInputSchema,
  LockFilesResultSchema,
  ReleaseFilesInputSchema,
  ReleaseFilesResultSchema,
} from './lock.ts';
import { BoardSchema, GetBoardInputSchema } from './board.ts';
import { GetNotificationsInputSchema, GetNotificationsResultSchema } from './inbox.ts';

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: O;
  /** True when calling it changes state (editors ask for confirmation before those). */
  readonly mutates: boolean;
}

const define = <I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> => tool;

export const TOOLS = {
  register_agent: define({
    name: 'register_agent',
    title: 'Register agent',
    description:
      'Register this agent (call first). Re-registering a name resumes it with its stored kind and capabilities (only its owner or an admin changes them). Later calls act as it.',
    input: RegisterAgentInputSchema,
    output: AgentSchema,
    mutates: true,
  }),
  heartbeat: define({
    name: 'heartbeat',
    title: 'Heartbeat',
    description: 'Keep this agent alive and renew its file locks. Agents silent past the liveness timeout go offline and lose their tasks and locks.',
    input: AgentRefInputSchema,
    output: HeartbeatResultSchema,
    mutates: true,
  }),
  create_task: define({
    name: 'create_task',
    title: 'Create task',
    description: 'Add a task to the queue: title, optional description, priority, required capabilities, files it will touch, dependencies, assignee.',
    input: CreateTaskInputSchema,
    output: CreateTaskResultSchema,
    mutates: true,
  }),
  get_next_task: define({
    name: 'get_next_task',
    title: 'Get next task',
    description:
      'Claim the best task you can take (your inbox first, then priority, then age) and lock its files in one step. Returns task null when none is available.',
    input: NextTaskInputSchema,
    output: NextTaskResultSchema,
    mutates: true,
  }),
  update_task: define({
    name: 'update_task',
    title: 'Update task',
    description: 'Set a claimed task to in_progress, done, failed or cancelled, and/or record a progress note.',
    input: UpdateTaskInputSchema,
    output: TaskChangeResultSchema,
    mutates: true,
  }),
  complete_task: define({
    name: 'complete_task',
    title: 'Complete task',
    description: 'Mark your task done with an optional summary; its file locks are released.',
    input: CompleteTaskInputSchema,
    output: TaskChangeResultSchema,
    mutates: true,
  }),
  release_task: define({
    name: 'release_task',
    title: 'Release task',
    description: 'Give a task back to the queue (status open) and release its file locks.',
    input: ReleaseTaskInputSchema,
    output: TaskChangeResultSchema,
    mutates: true,
  }),
  lock_files: define({
    name: 'lock_files',
    title: 'Lock files',
    description:
      'Lock paths or globs before editing them: all or nothing. exclusive (default) or shared; the lease is renewed by heartbeat. Conflicts name holder, task and expiry. wait_seconds: queue until free.',
    input: LockFilesInputSchema,
    output: LockFilesResultSchema,
    mutates: true,
  }),
  release_files: define({
    name: 'release_files',
    title: 'Release files',
    description: 'Release your locks on these paths or globs (exactly as they were locked).',
    input: ReleaseFilesInputSchema,
    output: ReleaseFilesResultSchema,
    mutates: true,
  }),
  check_files: define({
    name: 'check_files',
    title: 'Check files',
    description: 'Who holds these paths or globs, in which mode, for which task, until when.',
    input: CheckFilesInputSchema,
    output: CheckFilesResultSchema,
    mutates: false,
  }),
  list_tasks: define({
    name: 'list_tasks',
    title: 'List tasks',
    description: 'List tasks, optionally by status, mission or assignee.',
    input: ListTasksInputSchema,
    output: z.object({ tasks: z.array(TaskSchema) }),
    mutates: false,
  }),
  get_task_board: define({
    name: 'get_task_board',
    title: 'Task board',
    description: 'Agents with status, current task and locks; task counts by status; the open queue in claim order.',
    input: GetBoardInputSchema,
    output: BoardSchema,
    mutates: false,
  }),
  get_notifications: define({
    name: 'get_notifications',
    title: 'Get notifications',
    description: 'Your unread notifications (release requests, messages, approvals, assigned tasks, free locks), oldest first; marks them read.',
    input: GetNotificationsInputSchema,
    output: GetNotificationsResultSchema,
    mutates: true,
  }),
} as const;

export type ToolName = keyof typeof TOOLS;
export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];
