/**
 * Offers the coordinator's MCP server (`<serverUrl>/mcp`, Streamable HTTP) to Copilot agent mode through
 * `vscode.lm.registerMcpServerDefinitionProvider`, following the server URL, token and project: the
 * definition carries the same `Authorization` and `X-Coordinator-Project` headers as every other call.
 * It steps back while a workspace `.mcp.json` (which VS Code lists too) already names the coordinator in a
 * form VS Code can use, so the coordinator is listed once (common/mcp-dedupe.ts says why and when).
 */
import * as vscode from 'vscode';
import { MCP_PROVIDER_ID, CONFIG_SECTION } from '../../common/commands.ts';
import { authHeaders, mcpUrl } from '../../common/coordinator-api.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { equivalentMcpEntry, type EquivalentEntry } from '../../common/mcp-dedupe.ts';

export interface McpRegistration {
  /** False when this VS Code has no MCP API (older than 1.101). */
  readonly registered: boolean;
  definitions(): readonly vscode.McpHttpServerDefinition[];
  /** The `.mcp.json` entry the provider stepped back for, if any. */
  steppedBackFor(): EquivalentEntry | null;
}

async function readMcpJson(folder: vscode.WorkspaceFolder): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.mcp.json')));
  } catch {
    return null;
  }
}

export function registerMcpServer(context: vscode.ExtensionContext, session: CoordinatorSession, version: string): McpRegistration {
  const enabled = (): boolean => vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('registerMcpServer', true);
  /** Each workspace folder's `.mcp.json` text, as last read. */
  const files = new Map<string, string | null>();
  const steppedBackFor = (): EquivalentEntry | null => {
    const url = mcpUrl(session.serverUrl);
    for (const text of files.values()) {
      const entry = equivalentMcpEntry(text, url, session.settings.endpoint.project);
      if (entry) return entry;
    }
    return null;
  };
  const definitions = (): vscode.McpHttpServerDefinition[] => {
    if (!enabled() || steppedBackFor()) return [];
    return [new vscode.McpHttpServerDefinition('Agent Coordinator', vscode.Uri.parse(mcpUrl(session.serverUrl)), authHeaders(session.settings.endpoint), version)];
  };
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function') return { registered: false, definitions, steppedBackFor };
  const changed = new vscode.EventEmitter<void>();
  const reread = async (): Promise<void> => {
    const before = steppedBackFor();
    files.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) files.set(folder.uri.toString(), await readMcpJson(folder));
    if (JSON.stringify(before) !== JSON.stringify(steppedBackFor())) changed.fire();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.mcp.json');
  context.subscriptions.push(
    changed,
    watcher,
    watcher.onDidCreate(() => void reread()),
    watcher.onDidChange(() => void reread()),
    watcher.onDidDelete(() => void reread()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reread()),
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => definitions(),
      resolveMcpServerDefinition: (definition) => definition,
    }),
    session.onDidChangeSettings(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIG_SECTION}.registerMcpServer`)) changed.fire();
    }),
  );
  // Read after activation returns: the window never waits for the disk.
  setTimeout(() => void reread(), 0);
  return { registered: true, definitions, steppedBackFor };
}
