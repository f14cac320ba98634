/** get_next_task: one atomic step that claims the best task for an agent together with locks on its files. */
import * as z from 'zod';
import { AgentRefSchema, TaskRefSchema } from './common.ts';
import { TaskSchema } from './task.ts';
import { LockSchema } from './lock.ts';
import { PendingApprovalSchema, WarningsSchema } from './policy-outcome.ts';

export const NextTaskInputSchema = z.strictObject({ agent_id: AgentRefSchema.optional() });
export type NextTaskInput = z.input<typeof NextTaskInputSchema>;

/** Claiming one named task (a person picking it in the editor): the same rules and locks as get_next_task. */
export const ClaimTaskInputSchema = z.strictObject({ task_id: TaskRefSchema, agent_id: AgentRefSchema.optional() });
export type ClaimTaskInput = z.input<typeof ClaimTaskInputSchema>;

export const NextTaskResultSchema = z.object({
  task: TaskSchema.nullable(),
  locks: z.array(LockSchema),
  /** When task is null: why nothing was handed out (empty queue, capabilities, files held, dependencies). */
  reason: z.string().optional(),
  warnings: WarningsSchema.optional(),
  /** Tasks a policy escalated for this agent: each waits for a human; on approval it is claimed for you. */
  pending_approvals: z.array(PendingApprovalSchema.extend({ task_id: z.string() })).optional(),
});
export type NextTaskResult = z.infer<typeof NextTaskResultSchema>;
