/** The board: everything a person or agent needs to see at a glance. */
import * as z from 'zod';
import { AgentKindSchema, AgentStatusSchema } from './agent.ts';
import { PrioritySchema, TaskStatusSchema } from './task.ts';
import { TimestampSchema, UuidSchema } from './common.ts';

export const BoardTaskSchema = z.object({
  task_id: UuidSchema,
  key: z.string(),
  title: z.string(),
  priority: PrioritySchema,
  status: TaskStatusSchema,
  assignee: UuidSchema.nullable(),
  files: z.array(z.string()),
});
export type BoardTask = z.infer<typeof BoardTaskSchema>;

export const BoardAgentSchema = z.object({
  agent_id: UuidSchema,
  name: z.string(),
  kind: AgentKindSchema,
  status: AgentStatusSchema,
  capabilities: z.array(z.string()),
  last_heartbeat_at: TimestampSchema,
  current_task: BoardTaskSchema.nullable(),
  locks: z.array(z.string()),
});
export type BoardAgent = z.infer<typeof BoardAgentSchema>;

export const TaskCountsSchema = z.object({
  open: z.number().int(),
  claimed: z.number().int(),
  in_progress: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});
export type TaskCounts = z.infer<typeof TaskCountsSchema>;

export const BoardSchema = z.object({
  agents: z.array(BoardAgentSchema),
  tasks: TaskCountsSchema,
  /** Open tasks in the order get_next_task considers them (inbox tasks appear where their priority puts them). */
  queue: z.array(BoardTaskSchema),
});
export type Board = z.infer<typeof BoardSchema>;

export const GetBoardInputSchema = z.strictObject({ queue_limit: z.number().int().min(0).max(1000).default(50) });
