/**
 * "Open Task" as a panel (webview): one panel per task, reused when opened again, re-rendered in place on
 * every change to tasks, agents or locks (live), with the lifecycle actions running the same commands as the
 * Tasks view. HTML and rules are in common/task-panel.ts.
 */
import * as vscode from 'vscode';
import type { Task } from '@agent-coordinator/shared';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { HISTORY_LOOKBACK, historyEntry, makeNonce, mergeHistory, renderTaskPanelBody, renderTaskPanelHtml, type HistoryEntry, type TaskAction, type TaskPanelMessage } from '../../common/task-panel.ts';
import { uriOf } from '../../platform/workspace.ts';

const ACTION_COMMANDS: Readonly<Record<TaskAction, string>> = {
  claim: COMMANDS.claimTask,
  start: COMMANDS.startTask,
  complete: COMMANDS.completeTask,
  release: COMMANDS.releaseTask,
  cancel: COMMANDS.cancelTask,
};

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  /** Seen live by this window since the panel opened. */
  readonly history: HistoryEntry[];
  /** Read from the server's event log when the panel opened. */
  logged: readonly HistoryEntry[];
  lastBody: string;
}

export class TaskPanels implements vscode.Disposable {
  static readonly viewType = 'agentCoordinator.task';
  readonly #session: CoordinatorSession;
  readonly #log: vscode.LogOutputChannel;
  readonly #open = new Map<string, OpenPanel>();
  readonly #subscriptions: vscode.Disposable[] = [];

  constructor(session: CoordinatorSession, log: vscode.LogOutputChannel) {
    this.#session = session;
    this.#log = log;
    this.#subscriptions.push(
      session.connection.onDidChangeState((change) => {
        if (change.tasks || change.agents || change.lockPaths.length > 0) this.refresh();
      }),
      session.connection.onDidReceive((message) => {
        if (message.type === 'stream.resync') return;
        for (const [taskId, open] of this.#open) {
          const entry = historyEntry(message, taskId, (id) => this.#name(id));
          if (entry) {
            open.history.push(entry);
            this.refresh();
          }
        }
      }),
      session.onDidChangeIdentity(() => this.refresh()),
    );
  }

  /** The keys of the open panels and their text (for the tests and the API). */
  openKeys(): string[] {
    return [...this.#open.keys()].map((id) => this.#session.state.task(id)?.key ?? id);
  }

  open(task: Task): void {
    const existing = this.#open.get(task.task_id);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(TaskPanels.viewType, `${task.key} ${task.title}`, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    const open: OpenPanel = { panel, history: [], logged: [], lastBody: '' };
    this.#open.set(task.task_id, open);
    open.lastBody = this.#body(task, open);
    panel.webview.html = renderTaskPanelHtml(open.lastBody, makeNonce(), panel.webview.cspSource);
    panel.onDidDispose(() => this.#open.delete(task.task_id));
    panel.webview.onDidReceiveMessage((message: TaskPanelMessage) => void this.#handle(task.task_id, message).catch((error: unknown) => this.#log.error(`task panel: ${String(error)}`)));
    void this.#loadHistory(task.task_id, open).catch((error: unknown) => this.#log.warn(`task panel: history of ${task.key} not loaded: ${String(error)}`));
  }

  /**
   * The task's history from the server's event log. The log is read forward only, so the panel reads the
   * last HISTORY_LOOKBACK.ids event ids (a few pages): enough for a task's life in a busy project; older
   * steps of a long-lived task are left out and the panel still says when it was created.
   */
  async #loadHistory(taskId: string, open: OpenPanel): Promise<void> {
    const last = this.#session.connection.lastEventId ?? 0;
    let after = Math.max(0, last - HISTORY_LOOKBACK.ids);
    const logged: HistoryEntry[] = [];
    for (let page = 0; page < HISTORY_LOOKBACK.ids / HISTORY_LOOKBACK.page; page++) {
      const events = await this.#session.api.list_events.query({ after, limit: HISTORY_LOOKBACK.page });
      for (const event of events) {
        const entry = historyEntry(event, taskId, (id) => this.#name(id));
        if (entry) logged.push(entry);
      }
      const end = events.at(-1);
      if (!end || events.length < HISTORY_LOOKBACK.page) break;
      after = end.id;
    }
    if (!this.#open.has(taskId)) return;
    open.logged = logged;
    this.refresh();
  }

  refresh(): void {
    for (const [taskId, open] of this.#open) {
      const task = this.#session.state.task(taskId);
      if (!task) continue;
      const body = this.#body(task, open);
      if (body === open.lastBody) continue;
      open.lastBody = body;
      open.panel.title = `${task.key} ${task.title}`;
      void open.panel.webview.postMessage({ type: 'render', body });
    }
  }

  #name(id: string): string {
    return this.#session.selfIds.has(id) ? 'you' : (this.#session.state.agent(id)?.name ?? id.slice(0, 8));
  }

  #body(task: Task, open: OpenPanel): string {
    const s = this.#session;
    return renderTaskPanelBody({ task, tasks: s.state.tasks, agents: s.state.agents, locks: s.state.locks, selfIds: s.selfIds, history: mergeHistory(open.logged, open.history), now: Date.now() });
  }

  async #handle(taskId: string, message: TaskPanelMessage): Promise<void> {
    if (message.type === 'action' && message.action in ACTION_COMMANDS) {
      this.#log.info(`task panel: ${message.action} ${this.#session.state.task(taskId)?.key ?? taskId}`);
      await vscode.commands.executeCommand(ACTION_COMMANDS[message.action], taskId);
    } else if (message.type === 'openTask' && typeof message.key === 'string') {
      await vscode.commands.executeCommand(COMMANDS.openTask, message.key);
    } else if (message.type === 'openFile' && typeof message.path === 'string') {
      const uri = await uriOf(message.path);
      if (uri) await vscode.window.showTextDocument(uri, { preview: true });
    }
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    for (const open of this.#open.values()) open.panel.dispose();
  }
}
