/** tRPC procedures for objectives, key results, requirements, task links, task planning and the coverage report. */
import type {
  AddKeyResultInput,
  AddRequirementInput,
  CreateObjectiveInput,
  GetCoverageInput,
  LinkTaskInput,
  PlanTaskInput,
  UpdateKeyResultInput,
} from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const planningRouter = router({
  createObjective: procedure.input(typed<CreateObjectiveInput>()).mutation(({ ctx, input }) => ctx.services.planning.createObjective(ctx.actor, input)),
  addKeyResult: procedure.input(typed<AddKeyResultInput>()).mutation(({ ctx, input }) => ctx.services.planning.addKeyResult(ctx.actor, input)),
  updateKeyResult: procedure.input(typed<UpdateKeyResultInput>()).mutation(({ ctx, input }) => ctx.services.planning.updateKeyResult(ctx.actor, input)),
  addRequirement: procedure.input(typed<AddRequirementInput>()).mutation(({ ctx, input }) => ctx.services.planning.addRequirement(ctx.actor, input)),
  linkTask: procedure.input(typed<LinkTaskInput>()).mutation(({ ctx, input }) => ctx.services.planning.linkTask(ctx.actor, input)),
  unlinkTask: procedure.input(typed<LinkTaskInput>()).mutation(({ ctx, input }) => ctx.services.planning.unlinkTask(ctx.actor, input)),
  planTask: procedure.input(typed<PlanTaskInput>()).mutation(({ ctx, input }) => ctx.services.planning.planTask(ctx.actor, input)),
  coverage: procedure.input(typed<GetCoverageInput | undefined>()).query(({ ctx, input }) => ctx.services.planning.coverage(ctx.actor, input ?? {})),
});
