/**
 * "Connect Claude Code": writes or merges the coordinator into the workspace's `.mcp.json` (keeping every
 * other server) and shows what changed, with a diff against the previous file.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../common/commands.ts';
import { mcpUrl } from '../../common/coordinator-api.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { McpJsonError, mergeMcpJson, type McpJsonMerge } from '../../common/mcp-json.ts';
import { registerCommands } from '../../platform/commands.ts';

const PREVIOUS_SCHEME = 'agent-coordinator-previous';

export function registerClaudeConnect(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  const previous = new Map<string, string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIOUS_SCHEME, { provideTextDocumentContent: (uri) => previous.get(uri.query) ?? '' }),
  );

  registerCommands(context, log, {
    [COMMANDS.connectClaudeCode]: async (folderArg?: unknown, quiet?: unknown): Promise<McpJsonMerge | undefined> => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const folder =
        folderArg instanceof vscode.Uri
          ? vscode.workspace.getWorkspaceFolder(folderArg)
          : folders.length <= 1
            ? folders[0]
            : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Repository to connect Claude Code in' });
      if (!folder) throw new Error('open a folder first: .mcp.json lives at the repository root');
      const file = vscode.Uri.joinPath(folder.uri, '.mcp.json');
      let existing: string | null;
      try {
        existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      } catch {
        existing = null;
      }
      let merge: McpJsonMerge;
      try {
        merge = mergeMcpJson(existing, { url: mcpUrl(session.serverUrl), withToken: Boolean(session.settings.endpoint.token) });
      } catch (error) {
        if (error instanceof McpJsonError) {
          const pick = await vscode.window.showErrorMessage(`Agent Coordinator: ${error.message}`, 'Open .mcp.json');
          if (pick) await vscode.window.showTextDocument(file);
          return undefined;
        }
        throw error;
      }
      if (merge.change !== 'unchanged') await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(merge.text));
      log.info(`.mcp.json: ${merge.summary.join('; ')}`);
      if (quiet === true) return merge;
      const actions = merge.change === 'unchanged' ? ['Open .mcp.json'] : merge.change === 'created' ? ['Open .mcp.json'] : ['Show Changes', 'Open .mcp.json'];
      const pick = await vscode.window.showInformationMessage(
        `Agent Coordinator: ${merge.summary.join('; ')}. Claude Code picks it up in this repository (approve the server when it asks).`,
        ...actions,
      );
      if (pick === 'Open .mcp.json') await vscode.window.showTextDocument(file);
      if (pick === 'Show Changes') {
        const key = String(Date.now());
        previous.set(key, existing ?? '');
        await vscode.commands.executeCommand('vscode.diff', vscode.Uri.from({ scheme: PREVIOUS_SCHEME, path: '/.mcp.json', query: key }), file, '.mcp.json: before ↔ after');
      }
      return merge;
    },
  });
}
