/** Read-only knowledge entries (`agent-coordinator-knowledge:/K-7.md`), kept current while open. */
import * as vscode from 'vscode';
import type { KnowledgeEntry } from '@agent-coordinator/shared';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { renderKnowledgeMarkdown } from '../../common/knowledge-text.ts';

export class KnowledgeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'agent-coordinator-knowledge';
  readonly #session: CoordinatorSession;
  readonly #entries = new Map<string, KnowledgeEntry>();
  readonly #deleted = new Set<string>();
  readonly #emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#emitter.event;

  constructor(session: CoordinatorSession) {
    this.#session = session;
  }

  static uriFor(entry: KnowledgeEntry): vscode.Uri {
    return vscode.Uri.from({ scheme: KnowledgeDocuments.scheme, path: `/${entry.key}.md`, query: entry.knowledge_id });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.query || uri.path.replace(/^\/|\.md$/g, '');
    if (this.#deleted.has(id)) return `# Deleted\n\n${uri.path.replace(/^\/|\.md$/g, '')} was deleted from the coordinator.\n`;
    let entry = this.#entries.get(id);
    if (!entry) {
      try {
        entry = await this.#session.api.get_knowledge.query({ knowledge_id: id });
        this.#entries.set(entry.knowledge_id, entry);
      } catch (error) {
        return `# Not available\n\n${uri.path} could not be read from ${this.#session.serverUrl}: ${error instanceof Error ? error.message : String(error)}\n`;
      }
    }
    return renderKnowledgeMarkdown(entry);
  }

  /** An entry changed on the server (knowledge.updated / knowledge.deleted): redraw it if open. */
  changed(entry: KnowledgeEntry | null, knowledgeId: string): void {
    if (!this.#entries.has(knowledgeId)) return;
    if (entry) this.#entries.set(knowledgeId, entry);
    else {
      this.#entries.delete(knowledgeId);
      this.#deleted.add(knowledgeId);
    }
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === KnowledgeDocuments.scheme && doc.uri.query === knowledgeId) this.#emitter.fire(doc.uri);
    }
  }

  async open(entry: KnowledgeEntry): Promise<vscode.TextEditor> {
    this.#entries.set(entry.knowledge_id, entry);
    this.#deleted.delete(entry.knowledge_id);
    const doc = await vscode.workspace.openTextDocument(KnowledgeDocuments.uriFor(entry));
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.#emitter.dispose();
  }
}
