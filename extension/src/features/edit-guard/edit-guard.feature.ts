/**
 * Edits to files others hold: such a file opens read-only with an explanation and actions in the editor
 * (read-only-guard.ts, held-file-view.ts). When that is switched off — or a change lands some other way —
 * starting to edit it shows a warning naming the holder and the task, with actions: open the task, ask the
 * holder to release (the coordinator sends them a `lock.release_requested` event), or continue anyway.
 * Requests addressed to the user reach their inbox and show there (features/inbox/) with a one-click release.
 */
import * as vscode from 'vscode';
import { COMMANDS, CONFIG_SECTION } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { blockingLock, WarnedLocks } from '../../common/edit-guard.ts';
import { until } from '../../common/format.ts';
import { releaseRequestedText } from '../../common/release-requests.ts';
import { repoPathOf } from '../../platform/workspace.ts';
import { registerHeldFileView } from './held-file-view.ts';
import { ReadOnlyGuard } from './read-only-guard.ts';

export function registerEditGuard(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): ReadOnlyGuard {
  const warned = new WarnedLocks();
  const guard = new ReadOnlyGuard(session, log);
  context.subscriptions.push(guard);
  registerHeldFileView(context, session, guard, log);

  const warn = async (path: string): Promise<void> => {
    const lock = blockingLock(path, session.state.locks, session.selfIds);
    if (!lock || !warned.shouldWarn(path, lock)) return;
    const task = lock.task_key ? ` for ${lock.task_key}` : '';
    const actions = [...(lock.task_id ? ['Open Task'] : []), 'Ask to Release', 'Continue Anyway'];
    log.info(`editing ${path}, which ${lock.held_by} holds: warning`);
    const pick = await vscode.window.showWarningMessage(
      `${path} is locked by ${lock.held_by}${task} ${until(lock.expires_at)}. Your edits may collide with theirs.`,
      ...actions,
    );
    if (pick === 'Open Task' && lock.task_id) await vscode.commands.executeCommand(COMMANDS.openTask, lock.task_id);
    if (pick === 'Ask to Release') {
      const me = await session.ensureMe();
      const result = await session.api.request_release.mutate({ paths: [lock.path], agent_id: me.agent_id, message: `${me.name} wants to edit ${path}` });
      log.info(`asked to release ${lock.path}: ${result.requested.map((r) => r.holder).join(', ') || 'nobody holds it'}`);
      void vscode.window.showInformationMessage(`Agent Coordinator: ${releaseRequestedText(lock.path, result.requested)}`);
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || event.document.uri.scheme !== 'file') return;
      if (!vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('warnOnEditingLockedFile', true)) return;
      // The user chose Edit Anyway for this lock: they were told already.
      if (guard.held(event.document.uri)?.editingAnyway) return;
      const path = repoPathOf(event.document.uri);
      if (path !== null) void warn(path).catch((error: unknown) => log.error(`edit guard: ${String(error)}`));
    }),
    session.connection.onDidChangeState((change) => {
      if (change.lockPaths.length > 0) warned.retain(new Set(session.state.locks.map((l) => l.lock_id)));
    }),
  );
  void guard.sync();
  return guard;
}
