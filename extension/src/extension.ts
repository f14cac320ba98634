/**
 * The extension's composition root: one session with the coordinator, handed to independent features.
 * `activate` only wires things up; the connection starts after it returns, so the window never waits for
 * the network.
 */
import * as vscode from 'vscode';
import type { AgentCoordinatorApi, EventTiming } from './api.ts';
import { startActivationTiming } from './activation-timing.ts';
import { CoordinatorSession } from './common/coordinator-session.ts';
import { registerAgentsView } from './features/agents-view/agents-view.feature.ts';
import { registerApprovalsView } from './features/approvals-view/approvals-view.feature.ts';
import { registerBoard } from './features/board/board.feature.ts';
import { registerClaudeConnect } from './features/claude-connect/claude-connect.feature.ts';
import { configuredServerUrl, registerConnection } from './features/connection/connection.feature.ts';
import { registerEditGuard } from './features/edit-guard/edit-guard.feature.ts';
import { registerInbox } from './features/inbox/inbox.feature.ts';
import { registerFileLocks } from './features/file-locks/file-locks.feature.ts';
import { registerKnowledge } from './features/knowledge/knowledge.feature.ts';
import { registerLmTools } from './features/lm-tools/lm-tools.feature.ts';
import { registerLockDecorations } from './features/lock-decorations/lock-decoration.provider.ts';
import { registerLocksView } from './features/locks-view/locks-view.feature.ts';
import { registerMcpServer } from './features/mcp-registration/mcp-registration.feature.ts';
import { registerMissionsView } from './features/missions-view/missions-view.feature.ts';
import { registerStatusBar } from './features/status-bar/status-bar.feature.ts';
import { registerTasksTree } from './features/tasks-tree/tasks-tree.feature.ts';
import { registerTraceabilityView } from './features/traceability-view/traceability-view.feature.ts';

const now = (): number => performance.timeOrigin + performance.now();

export function activate(context: vscode.ExtensionContext): AgentCoordinatorApi {
  const activated = startActivationTiming();
  const log = vscode.window.createOutputChannel('Agent Coordinator', { log: true });
  context.subscriptions.push(log);

  // Provisional settings: the connection feature reads the token and the user's name, then starts.
  const session = new CoordinatorSession({ endpoint: { url: configuredServerUrl() }, userName: 'vscode-user' }, { log: (line) => log.info(line) });
  context.subscriptions.push(session);
  const events: EventTiming[] = [];
  context.subscriptions.push(
    session.connection.onWillApply((message) => {
      events.push({ id: message.id, type: message.type, receivedAt: now() });
      if (events.length > 200) events.splice(0, events.length - 200);
    }),
    session.connection.onDidChangeStatus((status) => log.info(`connection: ${status.kind}${'error' in status ? ` (${status.error})` : ''}`)),
  );

  const decorations = registerLockDecorations(context, session);
  const tasks = registerTasksTree(context, session, log);
  const agents = registerAgentsView(context, session, log);
  registerLocksView(context, session, log);
  registerMissionsView(context, session, log);
  registerTraceabilityView(context, session, log);
  registerApprovalsView(context, session, log);
  registerKnowledge(context, session, log);
  registerFileLocks(context, session, log);
  const guard = registerEditGuard(context, session, log);
  const inbox = registerInbox(context, session, log);
  registerStatusBar(context, session);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const mcp = registerMcpServer(context, session, version);
  const tools = registerLmTools(context, session, log);
  registerClaudeConnect(context, session, log);
  const board = registerBoard(context, session, log);
  const connection = registerConnection(context, session, log);

  const activation = activated();
  const ms = (wall: number | null, cpu: number | null): string => (wall === null || cpu === null ? '?' : `${wall.toFixed(1)} ms, CPU ${cpu.toFixed(1)} ms`);
  log.info(`activated in ${ms(activation.activateMs, activation.activateCpuMs)} (module evaluation ${ms(activation.moduleEvaluationMs, activation.moduleEvaluationCpuMs)})`);

  return {
    activation,
    session,
    mcpServerProviderRegistered: mcp.registered,
    mcpServerDefinitions: () => mcp.definitions().map((d) => ({ label: d.label, uri: d.uri.toString() })),
    mcpSteppedBackFor: () => mcp.steppedBackFor()?.name ?? null,
    languageModelTools: tools,
    recentEvents: () => [...events],
    lastLocalServerStart: () => connection.lastLocalStart(),
    openTaskPanels: () => tasks.panels.openKeys(),
    boardPanelOpen: () => board.isOpen,
    heldFiles: () => ({ readOnly: guard.readOnlyPaths() }),
    inboxToasts: () => inbox.shown(),
    runs: () => agents.runs.runs,
    adapters: () => agents.runs.adapters.map((a) => a.name),
    lastDecorationChangeAt: () => (decorations.lastFiredAt === 0 ? 0 : performance.timeOrigin + decorations.lastFiredAt),
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
