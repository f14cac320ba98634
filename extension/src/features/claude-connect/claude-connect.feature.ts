/**
 * "Connect Claude Code": what `agent-coordinator install claude` does, from the editor and with the same
 * merges (shared claude-config) — the coordinator's MCP server into `.mcp.json` and the guard hooks into
 * `.claude/settings.json`, keeping everything else — then says what changed, with a diff per file.
 */
import * as vscode from 'vscode';
import { ClaudeConfigError } from '@agent-coordinator/shared';
import { hookCliInvocation, planClaudeConnect, type ClaudeConnectPlan } from '../../common/claude-connect.ts';
import { COMMANDS, CONFIG_SECTION } from '../../common/commands.ts';
import { mcpUrl } from '../../common/coordinator-api.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { equivalentMcpEntry, vscodeListingText } from '../../common/mcp-dedupe.ts';
import { registerCommands } from '../../platform/commands.ts';
import { workspaceRoots } from '../../platform/workspace.ts';

const PREVIOUS_SCHEME = 'agent-coordinator-previous';

/** What the command returns: each file's repository path, whether it changed, and the summary lines. */
export interface ClaudeConnectResult {
  readonly files: readonly { readonly path: string; readonly changed: boolean; readonly created: boolean }[];
  readonly summary: readonly string[];
  readonly changed: boolean;
}

async function readText(uri: vscode.Uri): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

export function registerClaudeConnect(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  const previous = new Map<string, string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIOUS_SCHEME, { provideTextDocumentContent: (uri) => previous.get(uri.query) ?? '' }),
  );

  registerCommands(context, log, {
    [COMMANDS.connectClaudeCode]: async (folderArg?: unknown, quiet?: unknown): Promise<ClaudeConnectResult | undefined> => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const folder =
        folderArg instanceof vscode.Uri
          ? vscode.workspace.getWorkspaceFolder(folderArg)
          : folders.length <= 1
            ? folders[0]
            : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Repository to connect Claude Code in' });
      if (!folder) throw new Error('open a folder first: .mcp.json and .claude/settings.json live at the repository root');
      const uriOf = (path: string): vscode.Uri => vscode.Uri.joinPath(folder.uri, ...path.split('/'));
      const cli = hookCliInvocation(vscode.workspace.getConfiguration(CONFIG_SECTION).get<string>('cliCommand') ?? '', workspaceRoots());
      let plan: ClaudeConnectPlan;
      try {
        plan = planClaudeConnect({
          mcpJson: await readText(uriOf('.mcp.json')),
          settingsJson: await readText(uriOf('.claude/settings.json')),
          serverUrl: session.serverUrl,
          cli,
          withToken: Boolean(session.settings.endpoint.token),
          project: session.settings.endpoint.project,
        });
      } catch (error) {
        if (error instanceof ClaudeConfigError) {
          const file = error.message.startsWith('.claude/settings.json') ? '.claude/settings.json' : '.mcp.json';
          const pick = await vscode.window.showErrorMessage(`Agent Coordinator: ${error.message}`, `Open ${file}`);
          if (pick) await vscode.window.showTextDocument(uriOf(file));
          return undefined;
        }
        throw error;
      }
      for (const file of plan.files) {
        if (file.merge.changed) await vscode.workspace.fs.writeFile(uriOf(file.path), new TextEncoder().encode(file.merge.text));
      }
      // How VS Code lists the coordinator now that .mcp.json names it (it reads that file too).
      const mcpText = plan.files.find((f) => f.path === '.mcp.json')?.merge.text ?? null;
      const listing = vscodeListingText(
        equivalentMcpEntry(mcpText, mcpUrl(session.serverUrl), session.settings.endpoint.project),
        vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('registerMcpServer', true),
      );
      const summary = [...plan.summary, listing];
      log.info(`Connect Claude Code: ${summary.join('; ')}`);
      const result: ClaudeConnectResult = {
        files: plan.files.map((f) => ({ path: f.path, changed: f.merge.changed, created: f.merge.changed && f.before === null })),
        summary,
        changed: plan.changed,
      };
      if (quiet === true) return result;
      const changedFiles = plan.files.filter((f) => f.merge.changed);
      const actions = [...(changedFiles.some((f) => f.before !== null) ? ['Show Changes'] : []), 'Open .mcp.json'];
      const pick = await vscode.window.showInformationMessage(
        `Agent Coordinator: ${summary.join('; ')}. Claude Code picks it up in this repository (approve the server when it asks).`,
        ...actions,
      );
      if (pick === 'Open .mcp.json') await vscode.window.showTextDocument(uriOf('.mcp.json'));
      if (pick === 'Show Changes') {
        for (const file of changedFiles) {
          const key = `${Date.now()}-${file.path}`;
          previous.set(key, file.before ?? '');
          await vscode.commands.executeCommand('vscode.diff', vscode.Uri.from({ scheme: PREVIOUS_SCHEME, path: `/${file.path}`, query: key }), uriOf(file.path), `${file.path}: before ↔ after`);
        }
      }
      return result;
    },
  });
}
