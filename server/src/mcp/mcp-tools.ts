/**
 * What each MCP tool does: a thin adapter from the shared tool catalogue to the services. An MCP
 * session remembers the agent it registered, so later calls act as that agent unless agent_id is given.
 */
import { CoordinatorError, type ToolName } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import type { Actor } from '../common/actor.ts';

export interface McpSession {
  readonly actor: Actor;
  agentId: string | undefined;
  /** Per JSON-RPC request id: aborts when that request's HTTP connection closes before its answer. */
  readonly hangups?: Map<string | number, AbortSignal>;
}

export type Args = Record<string, unknown>;
/** `signal` aborts when the caller goes away (MCP session closed or request cancelled, HTTP request aborted). */
export type Handler = (services: Services, session: McpSession, args: Args, signal?: AbortSignal) => Promise<unknown>;

/**
 * Tool arguments arrive as untrusted JSON; the services parse them with the shared schemas, so here
 * they are only handed on, typed as what the service will check them to be.
 */
export function untrusted<T>(args: Args): T {
  return args as T;
}

/** Fills in the session's agent when the call does not name one. */
export function asAgent<T>(session: McpSession, args: Args): T {
  return untrusted<T>(args['agent_id'] === undefined && session.agentId !== undefined ? { ...args, agent_id: session.agentId } : args);
}

/**
 * Like asAgent, for a change to a claimed task. Over MCP a human is known only by registering as one, so
 * a session that registered no agent may not force (the service would take a caller naming no agent to be
 * the local human): it is told to register, as it would be without force.
 */
export function asClaimant<T>(session: McpSession, operation: string, args: Args): T {
  if (args['force'] === true && args['agent_id'] === undefined && session.agentId === undefined) {
    throw new CoordinatorError('FORBIDDEN', `${operation}: force is for humans — call register_agent with kind human first, then pass force: true`, [
      { field: 'force', message: 'register as a human first' },
    ]);
  }
  return asAgent<T>(session, args);
}

export const TOOL_HANDLERS: Readonly<Record<ToolName, Handler>> = {
  register_agent: async (s, session, args) => {
    const agent = await s.agents.register(session.actor, untrusted(args));
    session.agentId = agent.agent_id;
    return agent;
  },
  heartbeat: (s, session, args) => s.agents.heartbeat(session.actor, asAgent(session, args)),
  create_task: (s, session, args) => s.tasks.create(session.actor, untrusted(args)),
  get_next_task: (s, session, args) => s.claims.next(session.actor, asAgent(session, args)),
  update_task: (s, session, args) => s.tasks.update(session.actor, asClaimant(session, 'update_task', args)),
  complete_task: (s, session, args) => s.tasks.complete(session.actor, asClaimant(session, 'complete_task', args)),
  release_task: (s, session, args) => s.tasks.release(session.actor, asClaimant(session, 'release_task', args)),
  lock_files: (s, session, args, signal) => s.locks.lock(session.actor, asAgent(session, args), signal),
  release_files: (s, session, args) => s.locks.release(session.actor, asAgent(session, args)),
  check_files: (s, session, args) => s.locks.check(session.actor, asAgent(session, args)),
  list_tasks: async (s, session, args) => ({ tasks: await s.tasks.list(session.actor, args) }),
  get_task_board: (s, session, args) => s.board.board(session.actor, args),
  get_notifications: (s, session, args) => s.inbox.get(session.actor, asAgent(session, args)),
};
