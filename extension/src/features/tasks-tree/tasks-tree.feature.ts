/**
 * The Tasks view: tasks by mission and status with priority icons, the claimer or assignee, and the task's
 * files as children; lifecycle actions in the context menu; "Open Task" shows a task in a live panel.
 */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { COMMANDS, VIEWS } from '../../common/commands.ts';
import { registerCommands } from '../../platform/commands.ts';
import { buildTaskTree } from '../../common/task-tree.ts';
import { NodeTreeProvider } from '../../platform/node-tree.ts';
import { registerTaskCommands } from './task-commands.ts';
import { TaskDocuments } from './task-documents.ts';
import { TaskPanels } from './task-panels.ts';
import { followConnection } from '../../platform/connection-line.ts';

export function registerTasksTree(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): { readonly provider: NodeTreeProvider; readonly panels: TaskPanels } {
  /** The Filter Tasks text; empty shows every task. */
  let filter = '';
  const provider = new NodeTreeProvider(() =>
    buildTaskTree({
      tasks: session.state.tasks,
      agents: session.state.agents,
      locks: session.state.locks,
      selfIds: session.selfIds,
      missions: new Map(session.plan.state.missions.map((m) => [m.mission_id, m])),
      filter,
    }),
  );
  const view = vscode.window.createTreeView(VIEWS.tasks, { treeDataProvider: provider, showCollapseAll: true });
  const documents = new TaskDocuments(session);
  context.subscriptions.push(
    provider,
    view,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(TaskDocuments.scheme, documents),
    session.connection.onDidChangeState((change) => {
      if (change.tasks || change.agents || change.lockPaths.length > 0) provider.refresh();
      if (change.tasks || change.lockPaths.length > 0) documents.refresh();
    }),
    followConnection(view, session),
    session.onDidChangeIdentity(() => provider.refresh()),
    // Mission names head the groups.
    session.plan.onDidChange((parts) => {
      if (parts.has('missions')) provider.refresh();
    }),
  );
  const panels = new TaskPanels(session, log);
  context.subscriptions.push(panels);
  registerTaskCommands(context, session, log, panels);
  registerCommands(context, log, {
    // A filter is view state, not a setting: it lasts for the window and shows in the view's title bar.
    [COMMANDS.filterTasks]: async (text?: unknown): Promise<string | undefined> => {
      const next =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({ title: 'Filter Tasks', prompt: 'Words that must all occur in a task (key, title, description, files, status, claimer); empty shows all', value: filter });
      if (next === undefined) return undefined;
      filter = next.trim();
      view.description = filter ? `filter: ${filter}` : undefined;
      provider.refresh();
      return filter;
    },
  });
  return { provider, panels };
}
