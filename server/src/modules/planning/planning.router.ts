/** tRPC procedures for objectives, key results, requirements, task links, task planning and the coverage report. */
import { AddKeyResultInputSchema, AddRequirementInputSchema, CreateObjectiveInputSchema, GetCoverageInputSchema, LinkTaskInputSchema, PlanTaskInputSchema, UpdateKeyResultInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const planningRouter = router({
  create_objective: procedure.input(parsed('create_objective', CreateObjectiveInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.createObjective(ctx.actor, input)),
  add_key_result: procedure.input(parsed('add_key_result', AddKeyResultInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.addKeyResult(ctx.actor, input)),
  update_key_result: procedure.input(parsed('update_key_result', UpdateKeyResultInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.updateKeyResult(ctx.actor, input)),
  add_requirement: procedure.input(parsed('add_requirement', AddRequirementInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.addRequirement(ctx.actor, input)),
  link_task: procedure.input(parsed('link_task', LinkTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.linkTask(ctx.actor, input)),
  unlink_task: procedure.input(parsed('unlink_task', LinkTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.unlinkTask(ctx.actor, input)),
  plan_task: procedure.input(parsed('plan_task', PlanTaskInputSchema)).mutation(({ ctx, input }) => ctx.services.planning.planTask(ctx.actor, input)),
  get_coverage: procedure.input(parsedOrEmpty('get_coverage', GetCoverageInputSchema)).query(({ ctx, input }) => ctx.services.planning.getCoverage(ctx.actor, input)),
});
