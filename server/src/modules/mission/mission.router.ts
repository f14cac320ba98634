/** tRPC procedures for missions. */
import type { CreateMissionInput, GetMissionInput, ListMissionsInput, UpdateMissionInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const missionRouter = router({
  create: procedure.input(typed<CreateMissionInput>()).mutation(({ ctx, input }) => ctx.services.missions.create(ctx.actor, input)),
  update: procedure.input(typed<UpdateMissionInput>()).mutation(({ ctx, input }) => ctx.services.missions.update(ctx.actor, input)),
  get: procedure.input(typed<GetMissionInput>()).query(({ ctx, input }) => ctx.services.missions.get(ctx.actor, input)),
  list: procedure.input(typed<ListMissionsInput | undefined>()).query(({ ctx, input }) => ctx.services.missions.list(ctx.actor, input ?? {})),
});
