/** tRPC procedures for agents. */
import type { GetAgentInput, HeartbeatInput, RegisterAgentInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const agentRouter = router({
  register: procedure.input(typed<RegisterAgentInput>()).mutation(({ ctx, input }) => ctx.services.agents.register(ctx.actor, input)),
  heartbeat: procedure.input(typed<HeartbeatInput>()).mutation(({ ctx, input }) => ctx.services.agents.heartbeat(ctx.actor, input)),
  get: procedure.input(typed<GetAgentInput>()).query(({ ctx, input }) => ctx.services.agents.get(ctx.actor, input)),
  list: procedure.query(({ ctx }) => ctx.services.agents.list(ctx.actor)),
});
