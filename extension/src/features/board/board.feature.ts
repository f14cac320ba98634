/**
 * The board (issue #18): one implementation, the web dashboard's. Open Board shows it in an editor panel
 * (board-panel.ts); Open Dashboard in Browser opens the whole served dashboard in the browser, through
 * `asExternalUri` so a remote window (SSH, containers, code-server) reaches the server through VS Code's
 * port forwarding. docs/vscode-board.md explains the choice.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { registerCommands } from '../../platform/commands.ts';
import { BoardPanel } from './board-panel.ts';

export function registerBoard(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): BoardPanel {
  const panel = new BoardPanel(session, log);
  context.subscriptions.push(panel);
  registerCommands(context, log, {
    [COMMANDS.openBoard]: () => panel.show(),
    [COMMANDS.openDashboard]: async (): Promise<string> => {
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${session.serverUrl}/`));
      log.info(`opening the dashboard at ${external.toString(true)}`);
      await vscode.env.openExternal(external);
      return external.toString(true);
    },
  });
  return panel;
}
