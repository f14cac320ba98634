/** tRPC procedures for sprints. */
import type { CreateSprintInput, GetSprintInput, ListSprintsInput, UpdateSprintInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const sprintRouter = router({
  create: procedure.input(typed<CreateSprintInput>()).mutation(({ ctx, input }) => ctx.services.sprints.create(ctx.actor, input)),
  update: procedure.input(typed<UpdateSprintInput>()).mutation(({ ctx, input }) => ctx.services.sprints.update(ctx.actor, input)),
  get: procedure.input(typed<GetSprintInput>()).query(({ ctx, input }) => ctx.services.sprints.get(ctx.actor, input)),
  list: procedure.input(typed<ListSprintsInput | undefined>()).query(({ ctx, input }) => ctx.services.sprints.list(ctx.actor, input ?? {})),
});
