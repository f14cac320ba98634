/** Keeps a board view's message line (view-message.ts) on the state of the session's connection. */
import type * as vscode from 'vscode';
import type { CoordinatorSession } from '../common/coordinator-session.ts';
import { connectionMessage } from '../common/view-message.ts';

export function followConnection(view: vscode.TreeView<unknown>, session: CoordinatorSession): vscode.Disposable {
  const update = (): void => {
    view.message = connectionMessage(session.connection.status, session.state.loaded, session.serverUrl);
  };
  update();
  return session.connection.onDidChangeStatus(update);
}
