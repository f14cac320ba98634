/** get_next_task: one atomic step that claims the best task for an agent together with locks on its files. */
import { z } from 'zod';
import { AgentRefSchema } from './common.ts';
import { TaskSchema } from './task.ts';
import { LockSchema } from './lock.ts';

export const NextTaskInputSchema = z.strictObject({ agent_id: AgentRefSchema.optional() });
export type NextTaskInput = z.input<typeof NextTaskInputSchema>;

export const NextTaskResultSchema = z.object({
  task: TaskSchema.nullable(),
  locks: z.array(LockSchema),
  /** When task is null: why nothing was handed out (empty queue, capabilities, files held, dependencies). */
  reason: z.string().optional(),
});
export type NextTaskResult = z.infer<typeof NextTaskResultSchema>;
