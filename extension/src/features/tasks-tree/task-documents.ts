/** Read-only task documents (`agent-coordinator-task:/T-42.md`), kept current while open. */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { renderTaskMarkdown } from '../../common/task-markdown.ts';

export class TaskDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'agent-coordinator-task';
  readonly #session: CoordinatorSession;
  readonly #emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#emitter.event;

  constructor(session: CoordinatorSession) {
    this.#session = session;
  }

  static uriFor(key: string, taskId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: TaskDocuments.scheme, path: `/${key}.md`, query: taskId });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const task = this.#session.state.task(uri.query) ?? this.#session.state.task(uri.path.replace(/^\/|\.md$/g, ''));
    if (!task) return `# Unknown task\n\n${uri.path} is not on the coordinator at ${this.#session.serverUrl} (or the view is not connected yet).\n`;
    const plan = this.#session.plan.state;
    return renderTaskMarkdown(task, this.#session.state.agents, this.#session.state.locks, this.#session.selfIds, Date.now(), {
      mission: task.mission_id ? plan.mission(task.mission_id)?.name : undefined,
      sprint: task.sprint_id ? plan.sprints.find((s) => s.sprint_id === task.sprint_id)?.name : undefined,
      tasks: this.#session.state.tasks,
    });
  }

  refresh(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === TaskDocuments.scheme) this.#emitter.fire(doc.uri);
    }
  }

  async open(key: string, taskId: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(TaskDocuments.uriFor(key, taskId));
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.#emitter.dispose();
  }
}
