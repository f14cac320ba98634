/**
 * What an escalated change was, stored with its approval so it can be applied exactly as asked once a
 * human approves (and re-checked against the state at that moment).
 */
import { z } from 'zod';
import { LockModeSchema, TaskStatusSchema } from '@agent-coordinator/shared';

export const ApprovalRequestSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('claim'), project: z.string(), agent_id: z.string(), task_id: z.string() }),
  z.object({
    operation: z.literal('lock'),
    project: z.string(),
    agent_id: z.string(),
    paths: z.array(z.string()),
    mode: LockModeSchema,
    ttl_seconds: z.number().int(),
    reason: z.string().nullable(),
    task_id: z.string().nullable(),
  }),
  z.object({
    operation: z.literal('transition'),
    project: z.string(),
    agent_id: z.string().nullable(),
    task_id: z.string(),
    via: z.enum(['update_task', 'complete_task', 'release_task']),
    status: TaskStatusSchema,
    progress_note: z.string().nullable(),
    summary: z.string().nullable(),
    reason: z.string().nullable(),
  }),
]);
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;
export type ClaimApprovalRequest = Extract<ApprovalRequest, { operation: 'claim' }>;
export type LockApprovalRequest = Extract<ApprovalRequest, { operation: 'lock' }>;
export type TransitionApprovalRequest = Extract<ApprovalRequest, { operation: 'transition' }>;
