/**
 * The board in an editor panel (issue #18): one panel per window, revealed again when already open. Its
 * page is the dashboard's own board, read from the coordinator (common/board-panel-html.ts); its calls
 * and live events go through this class (common/board-panel-bridge.ts), so it is signed in and connected
 * exactly when the window is. Opening a task from a card opens the extension's task panel. A new server
 * URL reloads the page from the new server.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { answerCall, liveReply, reloadSignal } from '../../common/board-panel-bridge.ts';
import { loadBoardBundle, renderBoardPanelHtml } from '../../common/board-panel-html.ts';
import { makeNonce } from '../../common/task-panel.ts';
import type { BoardPanelReply } from '@agent-coordinator/shared';

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response.text();
}

export class BoardPanel implements vscode.Disposable {
  static readonly viewType = 'agentCoordinator.board';
  readonly #session: CoordinatorSession;
  readonly #log: vscode.LogOutputChannel;
  readonly #subscriptions: vscode.Disposable[] = [];
  #panel: vscode.WebviewPanel | null = null;
  /** The page asked for live events (it asks again each time it loads). */
  #subscribed = false;
  #wasLive = false;
  #serverUrl: string;

  constructor(session: CoordinatorSession, log: vscode.LogOutputChannel) {
    this.#session = session;
    this.#log = log;
    this.#serverUrl = session.serverUrl;
    this.#subscriptions.push(
      session.connection.onDidReceive((message) => {
        if (this.#subscribed) this.#post({ type: 'event', message });
      }),
      session.connection.onDidChangeStatus((status) => {
        if (!this.#subscribed) return;
        const live = status.kind === 'connected';
        if (live && !this.#wasLive) this.#post({ type: 'event', message: reloadSignal(session.connection.lastEventId, new Date()) });
        this.#wasLive = live;
        this.#post(liveReply(status));
      }),
      session.onDidChangeSettings((settings) => {
        if (settings.endpoint.url === this.#serverUrl) return;
        this.#serverUrl = settings.endpoint.url;
        if (this.#panel) void this.#load(this.#panel);
      }),
    );
  }

  /** The panel is open (for the tests and the API). */
  get isOpen(): boolean {
    return this.#panel !== null;
  }

  async show(): Promise<void> {
    if (this.#panel) {
      this.#panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(BoardPanel.viewType, 'Agent Coordinator Board', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    this.#panel = panel;
    panel.onDidDispose(() => {
      this.#panel = null;
      this.#subscribed = false;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => void this.#handle(message));
    await this.#load(panel);
  }

  async #load(panel: vscode.WebviewPanel): Promise<void> {
    this.#subscribed = false;
    const serverUrl = this.#serverUrl;
    this.#log.info(`board panel: reading the board from ${serverUrl}/embed/`);
    const bundle = await loadBoardBundle(serverUrl, fetchText);
    if ('error' in bundle) this.#log.warn(`board panel: ${bundle.error}`);
    if (this.#panel !== panel || this.#serverUrl !== serverUrl) return; // closed, or another server meanwhile
    panel.webview.html = renderBoardPanelHtml({ bundle, serverUrl, nonce: makeNonce(), cspSource: panel.webview.cspSource });
  }

  async #handle(message: unknown): Promise<void> {
    // Loaded with the first message, not at activation: the parser is the extension's one use of zod.
    const { parseBoardPanelRequest } = await import('../../common/board-panel-request.ts');
    const parsed = parseBoardPanelRequest(message);
    if (!parsed.ok) {
      this.#log.warn(parsed.error);
      return;
    }
    const request = parsed.request;
    switch (request.type) {
      case 'call':
        this.#post(await answerCall(this.#session.api, request));
        return;
      case 'subscribe':
        this.#subscribed = true;
        this.#wasLive = this.#session.connection.status.kind === 'connected';
        this.#post(liveReply(this.#session.connection.status));
        return;
      case 'unsubscribe':
        this.#subscribed = false;
        return;
      case 'openTask':
        await vscode.commands.executeCommand(COMMANDS.openTask, request.key);
        return;
    }
  }

  #post(reply: BoardPanelReply): void {
    void this.#panel?.webview.postMessage(reply);
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    this.#panel?.dispose();
  }
}
