/**
 * The runs toolset over MCP (and REST, which runs the same handlers): thin adapters to the run service.
 * run_task passes the session's registered agent as the launcher, so the service can hold AI agents
 * to the RUN_AGENTS_CAPABILITY rule (docs/adapters.md).
 */
import { RUN_TOOLS } from '@agent-coordinator/shared';
import { parseArgs, type Handler } from './mcp-tools.ts';

export const RUN_TOOL_HANDLERS: Readonly<Record<keyof typeof RUN_TOOLS, Handler>> = {
  run_task: (s, session, args) => s.runs.runTask(session.actor, parseArgs(RUN_TOOLS.run_task, args), { agentId: session.agentId }),
  list_runs: async (s, session, args) => ({ runs: await s.runs.listRuns(session.actor, parseArgs(RUN_TOOLS.list_runs, args)) }),
  get_run_output: (s, session, args) => s.runs.getRunOutput(session.actor, parseArgs(RUN_TOOLS.get_run_output, args)),
  cancel_run: (s, session, args) => s.runs.cancelRun(session.actor, parseArgs(RUN_TOOLS.cancel_run, args)),
};
