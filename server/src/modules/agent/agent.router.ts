/** tRPC procedures for agents. */
import { GetAgentInputSchema, HeartbeatInputSchema, RegisterAgentInputSchema, SetAgentInputSchema } from '@agent-coordinator/shared';
import { parsed, procedure, router } from '../../trpc/trpc.ts';

export const agentRouter = router({
  register_agent: procedure.input(parsed('register_agent', RegisterAgentInputSchema)).mutation(({ ctx, input }) => ctx.services.agents.registerAgent(ctx.actor, input)),
  /** An agent's kind and capabilities, changed by its owner or an admin (never by its own token). */
  set_agent: procedure.input(parsed('set_agent', SetAgentInputSchema)).mutation(({ ctx, input }) => ctx.services.agents.setAgent(ctx.actor, input)),
  heartbeat: procedure.input(parsed('heartbeat', HeartbeatInputSchema)).mutation(({ ctx, input }) => ctx.services.agents.heartbeat(ctx.actor, input)),
  get_agent: procedure.input(parsed('get_agent', GetAgentInputSchema)).query(({ ctx, input }) => ctx.services.agents.getAgent(ctx.actor, input)),
  list_agents: procedure.query(({ ctx }) => ctx.services.agents.listAgents(ctx.actor)),
});
