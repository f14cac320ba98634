/**
 * Offers the coordinator's MCP server (`<serverUrl>/mcp`, Streamable HTTP) to Copilot agent mode through
 * `vscode.lm.registerMcpServerDefinitionProvider`, following the server URL, token and project: the
 * definition carries the same `Authorization` and `X-Coordinator-Project` headers as every other call.
 */
import * as vscode from 'vscode';
import { MCP_PROVIDER_ID, CONFIG_SECTION } from '../../common/commands.ts';
import { authHeaders, mcpUrl } from '../../common/coordinator-api.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';

export interface McpRegistration {
  /** False when this VS Code has no MCP API (older than 1.101). */
  readonly registered: boolean;
  definitions(): readonly vscode.McpHttpServerDefinition[];
}

export function registerMcpServer(context: vscode.ExtensionContext, session: CoordinatorSession, version: string): McpRegistration {
  const enabled = (): boolean => vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('registerMcpServer', true);
  const definitions = (): vscode.McpHttpServerDefinition[] => {
    if (!enabled()) return [];
    return [new vscode.McpHttpServerDefinition('Agent Coordinator', vscode.Uri.parse(mcpUrl(session.serverUrl)), authHeaders(session.settings.endpoint), version)];
  };
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider !== 'function') return { registered: false, definitions };
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    changed,
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
  return { registered: true, definitions };
}
