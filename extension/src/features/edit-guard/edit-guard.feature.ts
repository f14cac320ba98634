/**
 * Starting to edit a file another agent holds exclusively shows a warning naming the holder and the task,
 * with actions: open the task, ask the holder to release (they see the request), or continue anyway.
 * Requests addressed to the user show up here too, with a one-click release.
 */
import * as vscode from 'vscode';
import { COMMANDS, CONFIG_SECTION } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { blockingLock, WarnedLocks } from '../../common/edit-guard.ts';
import { until } from '../../common/format.ts';
import { InboxTaskReleaseRequests, isReleaseRequestedEvent, parseReleaseRequestTask, type ReleaseRequestChannel } from '../../common/release-requests.ts';
import { repoPathOf } from '../../platform/workspace.ts';

export function registerEditGuard(
  context: vscode.ExtensionContext,
  session: CoordinatorSession,
  log: vscode.LogOutputChannel,
  requests: ReleaseRequestChannel = new InboxTaskReleaseRequests(() => session.api),
): void {
  const warned = new WarnedLocks();

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
      const requester = await session.ensureMe();
      const result = await requests.ask({ lock, path, requester });
      log.info(`asked ${lock.held_by} to release ${lock.path}${result.task ? ` (${result.task.key})` : ''}`);
      void vscode.window.showInformationMessage(
        `Agent Coordinator: asked ${lock.held_by} to release ${lock.path}${result.task ? ` — request ${result.task.key} is in their inbox` : ''}.`,
      );
    }
  };

  const offerRelease = async (path: string, requester: string, requestTaskId: string | null): Promise<void> => {
    const mine = session.state.locks.find((l) => l.path === path && session.selfIds.has(l.held_by_id));
    if (!mine) return;
    const pick = await vscode.window.showInformationMessage(`Agent Coordinator: ${requester} asks you to release ${path}.`, 'Release', 'Keep');
    if (pick === 'Release') {
      await session.api.locks.release.mutate({ paths: [path], agent_id: mine.held_by_id });
      if (requestTaskId) await session.api.tasks.update.mutate({ task_id: requestTaskId, status: 'cancelled', progress_note: 'released' });
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0 || event.document.uri.scheme !== 'file') return;
      if (!vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('warnOnEditingLockedFile', true)) return;
      const path = repoPathOf(event.document.uri);
      if (path !== null) void warn(path).catch((error: unknown) => log.error(`edit guard: ${String(error)}`));
    }),
    session.connection.onDidChangeState((change) => {
      if (change.lockPaths.length > 0) warned.retain(new Set(session.state.locks.map((l) => l.lock_id)));
    }),
    session.connection.onDidReceive((message) => {
      // A server with a release-request event sends a type this client's union does not know yet.
      const raw: unknown = message;
      if (isReleaseRequestedEvent(raw)) {
        if (session.selfIds.has(raw.holder_id)) for (const path of raw.paths) void offerRelease(path, raw.requested_by, null).catch((error: unknown) => log.error(String(error)));
      } else if (message.type === 'task.created' && message.task.assignee !== null && session.selfIds.has(message.task.assignee)) {
        const request = parseReleaseRequestTask(message.task);
        if (request) void offerRelease(request.path, request.requester, message.task.task_id).catch((error: unknown) => log.error(String(error)));
      }
    }),
  );
}
