/** tRPC procedures for sprints. */
import { CreateSprintInputSchema, GetSprintInputSchema, ListSprintsInputSchema, UpdateSprintInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const sprintRouter = router({
  create_sprint: procedure.input(parsed('create_sprint', CreateSprintInputSchema)).mutation(({ ctx, input }) => ctx.services.sprints.createSprint(ctx.actor, input)),
  update_sprint: procedure.input(parsed('update_sprint', UpdateSprintInputSchema)).mutation(({ ctx, input }) => ctx.services.sprints.updateSprint(ctx.actor, input)),
  get_sprint: procedure.input(parsed('get_sprint', GetSprintInputSchema)).query(({ ctx, input }) => ctx.services.sprints.getSprint(ctx.actor, input)),
  list_sprints: procedure.input(parsedOrEmpty('list_sprints', ListSprintsInputSchema)).query(({ ctx, input }) => ctx.services.sprints.listSprints(ctx.actor, input)),
});
