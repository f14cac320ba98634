/**
 * Explorer badges for locked files: someone else's lock (exclusive or shared) and your own look different,
 * with a tooltip "Locked by NAME (exclusive, T-42) until 14:05"; folders holding locked files get a dot. The
 * badges and colours, and why they differ from git's, are in common/lock-decoration.ts. Changes are pushed
 * from the event stream: only the rows of the changed paths (and their folders) are redrawn.
 */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { fileDecoration, folderDecoration, rowsToRefresh } from '../../common/lock-decoration.ts';
import { repoPathOf, urisOf } from '../../platform/workspace.ts';

export class LockDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  readonly #session: CoordinatorSession;
  readonly #emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly #disposables: vscode.Disposable[] = [];
  readonly onDidChangeFileDecorations = this.#emitter.event;
  /** When the last change was pushed to VS Code (performance.now()), for the latency report. */
  lastFiredAt = 0;

  constructor(session: CoordinatorSession) {
    this.#session = session;
    this.#disposables.push(
      session.connection.onDidChangeState((change) => {
        if (change.lockPaths.length > 0) this.#fire(change.lockPaths);
      }),
      session.onDidChangeIdentity(() => this.#fireAll()),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const path = repoPathOf(uri);
    if (path === null) return undefined;
    const locks = this.#session.state.locks;
    if (locks.length === 0) return undefined;
    const selfIds = this.#session.selfIds;
    const spec = fileDecoration(path, locks, selfIds) ?? folderDecoration(path, locks, selfIds);
    if (!spec) return undefined;
    const decoration = new vscode.FileDecoration(spec.badge, spec.tooltip, new vscode.ThemeColor(spec.color));
    decoration.propagate = false;
    return decoration;
  }

  #fire(changedPaths: readonly string[]): void {
    const rows = rowsToRefresh(changedPaths);
    if (rows.all) return this.#fireAll();
    this.lastFiredAt = performance.now();
    this.#emitter.fire(rows.paths.flatMap(urisOf));
  }

  #fireAll(): void {
    this.lastFiredAt = performance.now();
    this.#emitter.fire(undefined);
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
    this.#emitter.dispose();
  }
}

export function registerLockDecorations(context: vscode.ExtensionContext, session: CoordinatorSession): LockDecorationProvider {
  const provider = new LockDecorationProvider(session);
  context.subscriptions.push(provider, vscode.window.registerFileDecorationProvider(provider));
  return provider;
}
