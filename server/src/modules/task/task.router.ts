/** tRPC procedures for tasks, including the claim (`next`). */
import {
  ClaimTaskInputSchema,
  CompleteTaskInputSchema,
  CreateTaskInputSchema,
  GetTaskInputSchema,
  ListTasksInputSchema,
  NextTaskInputSchema,
  ReleaseTaskInputSchema,
  UpdateTaskInputSchema,
} from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const taskRouter = router({
  create_task: procedure.input(parsed('create_task', CreateTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.tasks.createTask(ctx.actor, input)),
  get_next_task: procedure.input(parsed('get_next_task', NextTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.claims.getNextTask(ctx.actor, input)),
  claim_task: procedure.input(parsed('claim_task', ClaimTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.claims.claimTask(ctx.actor, input)),
  update_task: procedure.input(parsed('update_task', UpdateTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.tasks.updateTask(ctx.actor, input)),
  complete_task: procedure.input(parsed('complete_task', CompleteTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.tasks.completeTask(ctx.actor, input)),
  release_task: procedure.input(parsed('release_task', ReleaseTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.tasks.releaseTask(ctx.actor, input)),
  get_task: procedure.input(parsed('get_task', GetTaskInputSchema)).query(({ ctx, input }) => ctx.services.tasks.getTask(ctx.actor, input)),
  list_tasks: procedure.input(parsedOrEmpty('list_tasks', ListTasksInputSchema)).query(({ ctx, input }) => ctx.services.tasks.listTasks(ctx.actor, input)),
});
