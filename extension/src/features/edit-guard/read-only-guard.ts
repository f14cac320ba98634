/**
 * Stops the edit before it lands: the active editor of a file another principal holds exclusively is made
 * read-only for this session (VS Code's own read-only-in-session state, the one behind "Set Active Editor
 * Read-only in Session"), and made writable again the moment the lock goes — without reopening — or
 * read-only again when someone takes it. "Edit Anyway" lifts it for that one lock.
 *
 * VS Code offers this state to extensions only through commands that act on the active editor, so the guard
 * decides when an editor becomes active and whenever locks change. A background editor whose lock went keeps
 * its read-only state until it is next activated — which is before any keystroke can reach it.
 */
import * as vscode from 'vscode';
import type { Lock } from '@agent-coordinator/shared';
import { CONFIG_SECTION } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { blockingLock } from '../../common/edit-guard.ts';
import { EditAnywayChoices } from '../../common/held-file.ts';
import { Emitter } from '../../common/emitter.ts';
import { repoPathOf } from '../../platform/workspace.ts';

const SET_READONLY = 'workbench.action.files.setActiveEditorReadonlyInSession';
const RESET_READONLY = 'workbench.action.files.resetActiveEditorReadonlyInSession';
/** Context key for `when` clauses: the active editor's file is held by someone else. */
export const ACTIVE_FILE_HELD_CONTEXT = 'agentCoordinator.activeFileHeld';

export interface HeldFileState {
  readonly path: string;
  readonly lock: Lock;
  readonly editingAnyway: boolean;
}

export class ReadOnlyGuard implements vscode.Disposable {
  readonly #session: CoordinatorSession;
  readonly #log: vscode.LogOutputChannel;
  readonly #editAnyway = new EditAnywayChoices();
  /** Editors (by URI) this guard made read-only, with the lock that did it. */
  readonly #readOnly = new Map<string, string>();
  readonly #changed = new Emitter<void>();
  readonly #subscriptions: vscode.Disposable[] = [];
  /** Syncs run one after another: each acts on whatever editor is active when it runs. */
  #chain: Promise<void> = Promise.resolve();
  #lastContext: boolean | null = null;
  readonly onDidChange = this.#changed.event;

  constructor(session: CoordinatorSession, log: vscode.LogOutputChannel) {
    this.#session = session;
    this.#log = log;
    this.#subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.sync()),
      session.connection.onDidChangeState((change) => {
        if (change.lockPaths.length === 0) return;
        this.#editAnyway.retain(new Set(session.state.locks.map((l) => l.lock_id)));
        this.sync();
      }),
      session.onDidChangeIdentity(() => this.sync()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${CONFIG_SECTION}.openHeldFilesReadOnly`)) this.sync();
      }),
    );
  }

  /** Whether held files open read-only (the setting; on by default). */
  get enabled(): boolean {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('openHeldFilesReadOnly', true);
  }

  /** The lock that keeps `uri` from you, and whether you chose to edit it anyway; undefined when free. */
  held(uri: vscode.Uri): HeldFileState | undefined {
    const path = repoPathOf(uri);
    if (path === null) return undefined;
    const lock = blockingLock(path, this.#session.state.locks, this.#session.selfIds);
    return lock ? { path, lock, editingAnyway: this.#editAnyway.has(path, lock) } : undefined;
  }

  /** Repository paths of the editors this guard holds read-only now (for the tests and the API). */
  readOnlyPaths(): string[] {
    return [...this.#readOnly.keys()].map((u) => repoPathOf(vscode.Uri.parse(u))).filter((p): p is string => p !== null);
  }

  /** "Edit Anyway": writable for this lock, recorded in the log. */
  editAnyway(state: HeldFileState): void {
    this.#editAnyway.choose(state.path, state.lock);
    this.#log.warn(`edit anyway: ${this.#session.me?.name ?? 'you'} chose to edit ${state.path} while ${state.lock.held_by} holds it${state.lock.task_key ? ` for ${state.lock.task_key}` : ''} (lock ${state.lock.lock_id})`);
    this.sync();
  }

  /** Brings the active editor's read-only state in line with the locks; resolves when done. */
  sync(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#syncActive()).catch((error: unknown) => this.#log.error(`read-only guard: ${String(error)}`));
    return this.#chain;
  }

  async #syncActive(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = editor?.document.uri;
    const state = uri ? this.held(uri) : undefined;
    await this.#setContext(state !== undefined && !state.editingAnyway);
    if (uri) {
      const key = uri.toString();
      const keep = state !== undefined && !state.editingAnyway && this.enabled;
      if (keep && !this.#readOnly.has(key)) {
        await vscode.commands.executeCommand(SET_READONLY);
        // The command acts on the active editor when it runs; record it only if that was still this one.
        if (vscode.window.activeTextEditor?.document.uri.toString() === key) {
          this.#readOnly.set(key, state.lock.lock_id);
          this.#log.info(`read-only: ${state.path} (${state.lock.held_by} holds it)`);
        }
      } else if (!keep && this.#readOnly.has(key)) {
        await vscode.commands.executeCommand(RESET_READONLY);
        this.#readOnly.delete(key);
        this.#log.info(`writable again: ${state?.path ?? key}${state ? ' (edit anyway)' : ' (the lock is gone)'}`);
      }
    }
    this.#changed.fire();
  }

  async #setContext(held: boolean): Promise<void> {
    if (this.#lastContext === held) return;
    this.#lastContext = held;
    await vscode.commands.executeCommand('setContext', ACTIVE_FILE_HELD_CONTEXT, held);
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    this.#changed.dispose();
  }
}
