/**
 * The knowledge search box: "Search Knowledge" is a quick pick whose rows are the coordinator's ranked
 * answer (semantic + keyword) to what is typed, asked again as the text changes; picking one opens the
 * entry as a read-only Markdown document. "Add Knowledge" records a decision, convention, note or gotcha
 * through a few quick inputs (the selection in the editor is offered as its body).
 */
import * as vscode from 'vscode';
import type { KnowledgeChangeResult, KnowledgeEntry, KnowledgeKind } from '@agent-coordinator/shared';
import { COMMANDS } from '../../common/commands.ts';
import { errorMessage } from '../../common/coordinator-api.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { KNOWLEDGE_KIND_ICONS, knowledgePickRow, parseTags } from '../../common/knowledge-text.ts';
import { registerCommands } from '../../platform/commands.ts';
import { repoPathOf } from '../../platform/workspace.ts';
import { KnowledgeDocuments } from './knowledge-documents.ts';

/** Typing pauses this long before the server is asked. */
const SEARCH_DEBOUNCE_MS = 200;
const RESULTS = 20;

/** Arguments for adding without prompts (tests, keybindings, other extensions). */
export interface AddKnowledgeArgs {
  readonly title: string;
  readonly body: string;
  readonly kind?: KnowledgeKind;
  readonly tags?: readonly string[];
  readonly files?: readonly string[];
  readonly tasks?: readonly string[];
}

const KINDS: readonly { readonly kind: KnowledgeKind; readonly description: string }[] = [
  { kind: 'decision', description: 'what was decided, and why' },
  { kind: 'convention', description: 'how things are done here' },
  { kind: 'note', description: 'something worth knowing' },
  { kind: 'gotcha', description: 'a trap others should not fall into' },
];

type Row = vscode.QuickPickItem & { readonly entry?: KnowledgeEntry; readonly add?: string };

const isAddArgs = (value: unknown): value is AddKnowledgeArgs =>
  typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string' && typeof (value as { body?: unknown }).body === 'string';

export function registerKnowledge(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  const documents = new KnowledgeDocuments(session);
  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(KnowledgeDocuments.scheme, documents),
    session.connection.onDidReceive((message) => {
      if (message.type === 'knowledge.updated') documents.changed(message.entry, message.entry.knowledge_id);
      if (message.type === 'knowledge.deleted') documents.changed(null, message.knowledge_id);
    }),
  );

  const search = (initial: string): Promise<KnowledgeEntry | undefined> =>
    new Promise((resolve) => {
      const pick = vscode.window.createQuickPick<Row>();
      pick.title = 'Search knowledge';
      pick.placeholder = 'What are you looking for? Decisions, conventions, notes, gotchas…';
      // The server ranks; VS Code still sorts rows whose label matches the typed text first, so the
      // rows keep out of its way where they can (alwaysShow, and labels that do not repeat the query).
      pick.matchOnDescription = false;
      pick.matchOnDetail = false;
      let asked = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      let opening = false;
      const finish = (entry: KnowledgeEntry | undefined): void => {
        if (settled) return;
        settled = true;
        resolve(entry);
      };

      const ask = async (query: string): Promise<void> => {
        const mine = ++asked;
        pick.busy = true;
        try {
          const trimmed = query.trim();
          let rows: Row[];
          let title = 'Search knowledge';
          if (trimmed === '') {
            const recent = await session.api.list_knowledge.query({ limit: RESULTS });
            rows = recent.map((entry) => ({ ...knowledgePickRow(entry), entry, alwaysShow: true }));
            title = recent.length > 0 ? 'Search knowledge — the latest entries' : 'Search knowledge — nothing recorded yet';
          } else {
            const answer = await session.api.search_knowledge.query({ query: trimmed, k: RESULTS });
            rows = answer.results.map((hit) => ({ ...knowledgePickRow(hit.entry, hit.score), entry: hit.entry, alwaysShow: true }));
            if (answer.notice) title = `Search knowledge — ${answer.notice}`;
            else if (!answer.semantic_available) title = 'Search knowledge — keywords only';
          }
          if (trimmed !== '') rows.push({ label: '$(add) Add knowledge…', description: rows.length === 0 ? 'nothing recorded matches' : 'record something new', alwaysShow: true, add: trimmed });
          if (mine !== asked) return;
          pick.items = rows;
          pick.title = title;
        } catch (error) {
          if (mine !== asked) return;
          pick.items = [{ label: `$(error) ${errorMessage(error)}`, alwaysShow: true }];
        } finally {
          if (mine === asked) pick.busy = false;
        }
      };

      pick.onDidChangeValue((value) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void ask(value), SEARCH_DEBOUNCE_MS);
      });
      pick.onDidAccept(() => {
        const row = pick.selectedItems[0] ?? pick.activeItems[0];
        if (row?.entry) {
          const entry = row.entry;
          opening = true;
          pick.hide();
          void documents.open(entry).then(
            () => finish(entry),
            (error: unknown) => {
              log.error(`opening ${entry.key}: ${String(error)}`);
              finish(entry);
            },
          );
        } else if (row?.add !== undefined) {
          const title = row.add;
          pick.hide();
          finish(undefined);
          void vscode.commands.executeCommand(COMMANDS.addKnowledge, undefined, title);
        }
      });
      pick.onDidHide(() => {
        if (timer) clearTimeout(timer);
        pick.dispose();
        // Opening a picked entry finishes once the document is shown.
        if (!opening) finish(undefined);
      });
      pick.value = initial;
      pick.show();
      void ask(initial);
    });

  registerCommands(context, log, {
    [COMMANDS.searchKnowledge]: (query?: unknown): Promise<KnowledgeEntry | undefined> => search(typeof query === 'string' ? query : ''),

    [COMMANDS.addKnowledge]: async (arg?: unknown, titleArg?: unknown): Promise<KnowledgeChangeResult | undefined> => {
      let input: AddKnowledgeArgs;
      if (isAddArgs(arg)) {
        input = arg;
      } else {
        const kind = await vscode.window.showQuickPick(
          KINDS.map((k) => ({ label: `$(${KNOWLEDGE_KIND_ICONS[k.kind]}) ${k.kind}`, description: k.description, knowledgeKind: k.kind })),
          { title: 'Add knowledge (1/4): kind', ignoreFocusOut: true },
        );
        if (!kind) return undefined;
        const title = await vscode.window.showInputBox({
          title: 'Add knowledge (2/4): title',
          value: typeof titleArg === 'string' ? titleArg : '',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() === '' ? 'Give it a short title' : undefined),
        });
        if (title === undefined) return undefined;
        const editor = vscode.window.activeTextEditor;
        const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
        const body = await vscode.window.showInputBox({
          title: 'Add knowledge (3/4): what was decided or learned',
          value: selected,
          prompt: selected ? 'The selection in the editor' : undefined,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() === '' ? 'Say what was decided or learned' : undefined),
        });
        if (body === undefined) return undefined;
        const tags = await vscode.window.showInputBox({ title: 'Add knowledge (4/4): tags', prompt: 'Optional, separated by spaces or commas: database, ci:flaky', ignoreFocusOut: true });
        if (tags === undefined) return undefined;
        const file = editor ? repoPathOf(editor.document.uri) : null;
        input = { kind: kind.knowledgeKind, title: title.trim(), body: body.trim(), tags: parseTags(tags), files: file ? [file] : [] };
      }
      const me = await session.ensureMe();
      const entry = await session.api.add_knowledge.mutate({
        kind: input.kind ?? 'note',
        title: input.title,
        body: input.body,
        tags: [...(input.tags ?? [])],
        files: [...(input.files ?? [])],
        tasks: [...(input.tasks ?? [])],
        agent_id: me.agent_id,
      });
      log.info(`added knowledge ${entry.key} ${entry.title}`);
      if (!isAddArgs(arg)) {
        const warning = entry.warnings && entry.warnings.length > 0 ? ` (${entry.warnings.join('; ')})` : '';
        void vscode.window.showInformationMessage(`Agent Coordinator: recorded ${entry.key} ${entry.title}${warning}.`, 'Open').then((pick) => pick && documents.open(entry));
      }
      return entry;
    },
  });
}
