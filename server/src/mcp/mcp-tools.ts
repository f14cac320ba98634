/**
 * What each MCP tool does: a thin adapter from the shared tool catalogue to the services. An MCP
 * session remembers the agent it registered, so later calls act as that agent unless agent_id is given.
 */
import type * as z from 'zod';
import { CoordinatorError, TOOLS, parseInput, type ToolDefinition, type ToolName } from '@agent-coordinator/shared';
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

/** The session's agent filled in when the call does not name one. */
const withSessionAgent = (session: McpSession, args: Args): Args =>
  args['agent_id'] === undefined && session.agentId !== undefined ? { ...args, agent_id: session.agentId } : args;

/**
 * Tool arguments arrive as untrusted JSON: parsed here with the tool's input schema (the one its clients
 * are shown), so a bad one is the VALIDATION error naming the tool and the field, and the service gets
 * what the schema returns.
 */
export function parseArgs<I extends z.ZodType>(tool: ToolDefinition<I>, args: Args): z.output<I> {
  return parseInput(tool.name, tool.input, args);
}

/** parseArgs, the session's agent filled in when the call does not name one. */
export function parseAsAgent<I extends z.ZodType>(session: McpSession, tool: ToolDefinition<I>, args: Args): z.output<I> {
  return parseArgs(tool, withSessionAgent(session, args));
}

/**
 * Like parseAsAgent, for a change to a claimed task. Over MCP a human is known only by registering as one, so
 * a session that registered no agent may not force (the service would take a caller naming no agent to be
 * the local human): it is told to register, as it would be without force.
 */
export function parseAsClaimant<I extends z.ZodType>(session: McpSession, tool: ToolDefinition<I>, args: Args): z.output<I> {
  if (args['force'] === true && args['agent_id'] === undefined && session.agentId === undefined) {
    throw new CoordinatorError('FORBIDDEN', `${tool.name}: force is for humans — call register_agent with kind human first, then pass force: true`, [
      { field: 'force', message: 'register as a human first' },
    ]);
  }
  return parseAsAgent(session, tool, args);
}

export const TOOL_HANDLERS: Readonly<Record<ToolName, Handler>> = {
  register_agent: async (s, session, args) => {
    const agent = await s.agents.registerAgent(session.actor, parseArgs(TOOLS.register_agent, args));
    session.agentId = agent.agent_id;
    return agent;
  },
  heartbeat: (s, session, args) => s.agents.heartbeat(session.actor, parseAsAgent(session, TOOLS.heartbeat, args)),
  create_task: (s, session, args) => s.tasks.createTask(session.actor, parseArgs(TOOLS.create_task, args)),
  get_next_task: (s, session, args) => s.claims.getNextTask(session.actor, parseAsAgent(session, TOOLS.get_next_task, args)),
  update_task: (s, session, args) => s.tasks.updateTask(session.actor, parseAsClaimant(session, TOOLS.update_task, args)),
  complete_task: (s, session, args) => s.tasks.completeTask(session.actor, parseAsClaimant(session, TOOLS.complete_task, args)),
  release_task: (s, session, args) => s.tasks.releaseTask(session.actor, parseAsClaimant(session, TOOLS.release_task, args)),
  lock_files: (s, session, args, signal) => s.locks.lockFiles(session.actor, parseAsAgent(session, TOOLS.lock_files, args), signal),
  release_files: (s, session, args) => s.locks.releaseFiles(session.actor, parseAsAgent(session, TOOLS.release_files, args)),
  check_files: (s, session, args) => s.locks.checkFiles(session.actor, parseAsAgent(session, TOOLS.check_files, args)),
  list_tasks: async (s, session, args) => ({ tasks: await s.tasks.listTasks(session.actor, parseArgs(TOOLS.list_tasks, args)) }),
  get_task_board: (s, session, args) => s.board.getTaskBoard(session.actor, parseArgs(TOOLS.get_task_board, args)),
  get_notifications: (s, session, args) => s.inbox.getNotifications(session.actor, parseAsAgent(session, TOOLS.get_notifications, args)),
};
