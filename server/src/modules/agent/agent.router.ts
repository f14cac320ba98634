/** tRPC procedures for agents. */
import type { GetAgentInput, HeartbeatInput, RegisterAgentInput, SetAgentInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const agentRouter = router({
  register: procedure.input(typed<RegisterAgentInput>()).mutation(({ ctx, input }) => ctx.services.agents.register(ctx.actor, input)),
  /** An agent's kind and capabilities, changed by its owner or an admin (never by its own token). */
  set: procedure.input(typed<SetAgentInput>()).mutation(({ ctx, input }) => ctx.services.agents.set(ctx.actor, input)),
  heartbeat: procedure.input(typed<HeartbeatInput>()).mutation(({ ctx, input }) => ctx.services.agents.heartbeat(ctx.actor, input)),
  get: procedure.input(typed<GetAgentInput>()).query(({ ctx, input }) => ctx.services.agents.get(ctx.actor, input)),
  list: procedure.query(({ ctx }) => ctx.services.agents.list(ctx.actor)),
});
