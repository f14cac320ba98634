/** tRPC procedures for tasks, including the claim (`next`). */
import type { ClaimTaskInput, CompleteTaskInput, CreateTaskInput, GetTaskInput, ListTasksInput, NextTaskInput, ReleaseTaskInput, UpdateTaskInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const taskRouter = router({
  create: procedure.input(typed<CreateTaskInput>()).mutation(({ ctx, input }) => ctx.services.tasks.create(ctx.actor, input)),
  next: procedure.input(typed<NextTaskInput>()).mutation(({ ctx, input }) => ctx.services.claims.next(ctx.actor, input)),
  claim: procedure.input(typed<ClaimTaskInput>()).mutation(({ ctx, input }) => ctx.services.claims.claim(ctx.actor, input)),
  update: procedure.input(typed<UpdateTaskInput>()).mutation(({ ctx, input }) => ctx.services.tasks.update(ctx.actor, input)),
  complete: procedure.input(typed<CompleteTaskInput>()).mutation(({ ctx, input }) => ctx.services.tasks.complete(ctx.actor, input)),
  release: procedure.input(typed<ReleaseTaskInput>()).mutation(({ ctx, input }) => ctx.services.tasks.release(ctx.actor, input)),
  get: procedure.input(typed<GetTaskInput>()).query(({ ctx, input }) => ctx.services.tasks.get(ctx.actor, input)),
  list: procedure.input(typed<ListTasksInput | undefined>()).query(({ ctx, input }) => ctx.services.tasks.list(ctx.actor, input ?? {})),
});
