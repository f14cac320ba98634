/** The status bar item: connected / reconnecting / offline, and the task the user is working on. */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { COMMANDS } from '../../common/commands.ts';
import { describeStatus } from './status-text.ts';

export function registerStatusBar(context: vscode.ExtensionContext, session: CoordinatorSession): void {
  const item = vscode.window.createStatusBarItem('agentCoordinator.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Agent Coordinator';
  item.command = COMMANDS.showMenu;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const render = (): void => {
    const view = describeStatus(session.connection.status, session.myTasks[0] ?? null, session.serverUrl, session.me?.name ?? null, Date.now());
    item.text = view.text;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    // While waiting to retry, count down.
    if (timer) clearTimeout(timer);
    timer = view.refreshInMs !== null ? setTimeout(render, view.refreshInMs) : null;
  };

  render();
  item.show();
  context.subscriptions.push(
    item,
    session.connection.onDidChangeStatus(render),
    session.connection.onDidChangeState((change) => {
      if (change.tasks) render();
    }),
    session.onDidChangeIdentity(render),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
