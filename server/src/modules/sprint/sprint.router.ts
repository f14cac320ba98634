/** tRPC procedures for sprints. */
import { CreateSprintInputSchema, GetSprintInputSchema, ListSprintsInputSchema, UpdateSprintInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const sprintRouter = router({
  create: procedure.input(parsed('create_sprint', CreateSprintInputSchema)).mutation(({ ctx, input }) => ctx.services.sprints.create(ctx.actor, input)),
  update: procedure.input(parsed('update_sprint', UpdateSprintInputSchema)).mutation(({ ctx, input }) => ctx.services.sprints.update(ctx.actor, input)),
  get: procedure.input(parsed('get_sprint', GetSprintInputSchema)).query(({ ctx, input }) => ctx.services.sprints.get(ctx.actor, input)),
  list: procedure.input(parsedOrEmpty('list_sprints', ListSprintsInputSchema)).query(({ ctx, input }) => ctx.services.sprints.list(ctx.actor, input)),
});
