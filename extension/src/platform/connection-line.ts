/**
 * Keeps a board view's message line (view-message.ts) on the state of the session's connection. While not
 * connected the view's description names the server URL, since the welcome content (static text in the
 * manifest) cannot.
 */
import type * as vscode from 'vscode';
import type { CoordinatorSession } from '../common/coordinator-session.ts';
import { connectionMessage, showsWelcome } from '../common/view-message.ts';

export function followConnection(view: vscode.TreeView<unknown>, session: CoordinatorSession): vscode.Disposable {
  const update = (): void => {
    const status = session.connection.status;
    view.message = showsWelcome(status, session.state.loaded) ? undefined : connectionMessage(status, session.state.loaded, session.serverUrl);
    view.description = status.kind === 'connected' ? undefined : session.serverUrl;
  };
  update();
  return session.connection.onDidChangeStatus(update);
}
