/** tRPC procedures for missions. */
import { CreateMissionInputSchema, GetMissionInputSchema, ListMissionsInputSchema, UpdateMissionInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const missionRouter = router({
  create_mission: procedure.input(parsed('create_mission', CreateMissionInputSchema)).mutation(({ ctx, input }) => ctx.services.missions.createMission(ctx.actor, input)),
  update_mission: procedure.input(parsed('update_mission', UpdateMissionInputSchema)).mutation(({ ctx, input }) => ctx.services.missions.updateMission(ctx.actor, input)),
  get_mission: procedure.input(parsed('get_mission', GetMissionInputSchema)).query(({ ctx, input }) => ctx.services.missions.getMission(ctx.actor, input)),
  list_missions: procedure.input(parsedOrEmpty('list_missions', ListMissionsInputSchema)).query(({ ctx, input }) => ctx.services.missions.listMissions(ctx.actor, input)),
});
