/** tRPC procedures for missions. */
import { CreateMissionInputSchema, GetMissionInputSchema, ListMissionsInputSchema, UpdateMissionInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const missionRouter = router({
  create: procedure.input(parsed('create_mission', CreateMissionInputSchema)).mutation(({ ctx, input }) => ctx.services.missions.create(ctx.actor, input)),
  update: procedure.input(parsed('update_mission', UpdateMissionInputSchema)).mutation(({ ctx, input }) => ctx.services.missions.update(ctx.actor, input)),
  get: procedure.input(parsed('get_mission', GetMissionInputSchema)).query(({ ctx, input }) => ctx.services.missions.get(ctx.actor, input)),
  list: procedure.input(parsedOrEmpty('list_missions', ListMissionsInputSchema)).query(({ ctx, input }) => ctx.services.missions.list(ctx.actor, input)),
});
