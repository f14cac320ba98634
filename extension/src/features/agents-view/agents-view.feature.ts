/**
 * The Agents view: every agent and human with kind, liveness, current task, locks and heartbeat age; then
 * the adapters with their health and the runs they launched (run-commands.ts: Run with…, Cancel Run,
 * Check Adapters). Adapters and runs load when the connection comes up and follow the event stream.
 */
import * as vscode from 'vscode';
import { buildAgentTree } from '../../common/agent-tree.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { VIEWS } from '../../common/commands.ts';
import { buildRunNodes, RunBoard } from '../../common/run-board.ts';
import { followConnection } from '../../platform/connection-line.ts';
import { NodeTreeProvider } from '../../platform/node-tree.ts';
import { registerRunCommands } from './run-commands.ts';

/** "12 s ago" texts age while the view is visible; this only redraws, it fetches nothing. */
const AGE_REDRAW_MS = 15_000;

export interface AgentsView {
  readonly provider: NodeTreeProvider;
  readonly runs: RunBoard;
}

export function registerAgentsView(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): AgentsView {
  const runs = new RunBoard();
  const provider = new NodeTreeProvider(() => [
    ...buildAgentTree({ agents: session.state.agents, tasks: session.state.tasks, locks: session.state.locks, selfIds: session.selfIds }),
    ...buildRunNodes(runs),
  ]);
  const view = vscode.window.createTreeView(VIEWS.agents, { treeDataProvider: provider });
  const timer = setInterval(() => {
    if (view.visible) provider.refresh();
  }, AGE_REDRAW_MS);

  const load = async (): Promise<void> => {
    try {
      const [adapters, list] = await Promise.all([session.api.list_adapters.query(), session.api.list_runs.query()]);
      runs.load(adapters, list);
    } catch (error) {
      // A coordinator without adapters (older, or runs switched off) still shows its agents.
      log.warn(`adapters and runs not loaded: ${String(error)}`);
      runs.clear();
    }
    provider.refresh();
  };

  /** Shows a run's row (after Run with…): the view opens, the row scrolls into sight, selection stays. */
  const reveal = (runId: string): void => {
    provider.refreshNow();
    const node = provider.find((n) => n.id === `run/${runId}`);
    if (node) void Promise.resolve(view.reveal(node, { select: false, focus: false, expand: true })).catch((error: unknown) => log.warn(`revealing run ${runId}: ${String(error)}`));
  };
  registerRunCommands(context, session, runs, log, () => provider.refresh(), reveal);
  context.subscriptions.push(
    provider,
    view,
    { dispose: () => clearInterval(timer) },
    session.connection.onDidChangeState((change) => {
      if (change.agents || change.tasks || change.lockPaths.length > 0) provider.refresh();
    }),
    session.connection.onDidReceive((message) => {
      if (runs.apply(message)) provider.refresh();
    }),
    session.connection.onDidChangeStatus((status) => {
      if (status.kind === 'connected') void load();
    }),
    followConnection(view, session),
    session.onDidChangeIdentity(() => provider.refresh()),
  );
  return { provider, runs };
}
