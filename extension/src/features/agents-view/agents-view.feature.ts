/** The Agents view: every agent and human with kind, liveness, current task, locks and heartbeat age. */
import * as vscode from 'vscode';
import { buildAgentTree } from '../../common/agent-tree.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { VIEWS } from '../../common/commands.ts';
import { followConnection } from '../../platform/connection-line.ts';
import { NodeTreeProvider } from '../../platform/node-tree.ts';

/** "12 s ago" texts age while the view is visible; this only redraws, it fetches nothing. */
const AGE_REDRAW_MS = 15_000;

export function registerAgentsView(context: vscode.ExtensionContext, session: CoordinatorSession): NodeTreeProvider {
  const provider = new NodeTreeProvider(() =>
    buildAgentTree({ agents: session.state.agents, tasks: session.state.tasks, locks: session.state.locks, selfIds: session.selfIds }),
  );
  const view = vscode.window.createTreeView(VIEWS.agents, { treeDataProvider: provider });
  const timer = setInterval(() => {
    if (view.visible) provider.refresh();
  }, AGE_REDRAW_MS);
  context.subscriptions.push(
    provider,
    view,
    { dispose: () => clearInterval(timer) },
    session.connection.onDidChangeState((change) => {
      if (change.agents || change.tasks || change.lockPaths.length > 0) provider.refresh();
    }),
    followConnection(view, session),
    session.onDidChangeIdentity(() => provider.refresh()),
  );
  return provider;
}
