/**
 * The board (issue #18): one implementation, the web dashboard's, which the coordinator serves at `/`.
 * Open Board opens it in the browser, through `asExternalUri` so a remote window (SSH, containers,
 * code-server) reaches the server through VS Code's port forwarding.
 *
 * Not in an editor panel yet, on purpose: the dashboard is sent with `frame-ancestors 'none'` and keeps its
 * sign-in in the tab's sessionStorage, so a webview cannot frame it and would not be signed in if it
 * could. What a panel needs is written down in docs/vscode-board.md; until then a browser tab is the
 * honest way to show the very same board.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { registerCommands } from '../../platform/commands.ts';

export function registerBoard(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  registerCommands(context, log, {
    [COMMANDS.openBoard]: async (): Promise<string> => {
      const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${session.serverUrl}/`));
      log.info(`opening the board at ${external.toString(true)}`);
      await vscode.env.openExternal(external);
      return external.toString(true);
    },
  });
}
