/**
 * What the editor says about a held file, and what the user can do there: a CodeLens above the first line
 * ("Read-only: bob holds this file for T-3 until 14:05 · Ask to Release · Notify Me When Free · Open Task ·
 * Edit Anyway"), the same in a status bar item whose tooltip explains it, and the commands behind them.
 * "Notify Me When Free" asks the coordinator (`check_files notify_when_free`), which sends a `lock.free`
 * event addressed to the user once nobody else holds the path; the inbox feature shows it. The interest
 * lives on the server, so it outlasts this window and reaches the user's other clients too.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { blockingLock } from '../../common/edit-guard.ts';
import { heldExplanation, heldHeadline } from '../../common/held-file.ts';
import { releaseRequestedText } from '../../common/release-requests.ts';
import { registerCommands } from '../../platform/commands.ts';
import { uriOf } from '../../platform/workspace.ts';
import type { HeldFileState, ReadOnlyGuard } from './read-only-guard.ts';

/** The held-file actions, in the order the CodeLens and the quick pick show them. */
const ACTIONS = [
  { command: COMMANDS.askToRelease, label: 'Ask to Release', detail: 'the holder gets a request with a one-click release' },
  { command: COMMANDS.notifyWhenFree, label: 'Notify Me When Free', detail: 'a notification here the moment the lock goes' },
  { command: COMMANDS.openTask, label: 'Open Task', detail: 'the task the holder works on' },
  { command: COMMANDS.editAnyway, label: 'Edit Anyway', detail: 'writable for this lock; recorded in the log' },
] as const;

export function registerHeldFileView(context: vscode.ExtensionContext, session: CoordinatorSession, guard: ReadOnlyGuard, log: vscode.LogOutputChannel): void {
  const lensChanged = new vscode.EventEmitter<void>();
  const item = vscode.window.createStatusBarItem('agentCoordinator.heldFile', vscode.StatusBarAlignment.Left, 49);
  item.name = 'Agent Coordinator: held file';
  item.command = COMMANDS.heldFileActions;

  /** The held file a command is about: a repository path, a URI, or the active editor. */
  const target = (arg: unknown): HeldFileState | undefined => {
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? undefined : vscode.window.activeTextEditor?.document.uri;
    if (uri) return guard.held(uri);
    if (typeof arg !== 'string') return undefined;
    const lock = blockingLock(arg, session.state.locks, session.selfIds);
    return lock ? { path: arg, lock, editingAnyway: false } : undefined;
  };
  const notHeld = (): undefined => {
    void vscode.window.showInformationMessage('Agent Coordinator: nobody else holds this file now — it is yours to edit.');
    return undefined;
  };

  const render = (): void => {
    const editor = vscode.window.activeTextEditor;
    const state = editor ? guard.held(editor.document.uri) : undefined;
    if (!state) {
      item.hide();
    } else {
      item.text = `$(${state.editingAnyway ? 'warning' : 'lock'}) ${state.editingAnyway ? 'Editing held file' : 'Read-only'}: ${state.lock.held_by}${state.lock.task_key ? ` · ${state.lock.task_key}` : ''}`;
      const tooltip = new vscode.MarkdownString(`${heldExplanation(state.lock, state.editingAnyway)}\n\n${ACTIONS.filter((a) => a.command !== COMMANDS.openTask || state.lock.task_id).map((a) => `[${a.label}](command:${a.command})`).join(' · ')}`);
      tooltip.isTrusted = { enabledCommands: ACTIONS.map((a) => a.command) };
      item.tooltip = tooltip;
      item.backgroundColor = new vscode.ThemeColor(state.editingAnyway ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
      item.show();
    }
    lensChanged.fire();
  };

  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: lensChanged.event,
    provideCodeLenses: (document) => {
      const state = guard.held(document.uri);
      if (!state) return [];
      const top = new vscode.Range(0, 0, 0, 0);
      const actions = ACTIONS.filter((a) => (a.command !== COMMANDS.openTask || state.lock.task_id) && !(a.command === COMMANDS.editAnyway && state.editingAnyway));
      return [
        new vscode.CodeLens(top, { title: `$(lock) ${heldHeadline(state.lock, state.editingAnyway)}`, command: COMMANDS.heldFileActions, tooltip: heldExplanation(state.lock, state.editingAnyway), arguments: [document.uri] }),
        ...actions.map((a) => new vscode.CodeLens(top, { title: a.label, command: a.command, tooltip: a.detail, arguments: a.command === COMMANDS.openTask ? [state.lock.task_id] : [document.uri] })),
      ];
    },
  };

  registerCommands(context, log, {
    [COMMANDS.askToRelease]: async (arg?: unknown) => {
      const state = target(arg);
      if (!state) return notHeld();
      const me = await session.ensureMe();
      const result = await session.api.request_release.mutate({ paths: [state.lock.path], agent_id: me.agent_id, message: `${me.name} wants to edit ${state.path}` });
      log.info(`asked to release ${state.lock.path}: ${result.requested.map((r) => r.holder).join(', ') || 'nobody holds it'}`);
      void vscode.window.showInformationMessage(`Agent Coordinator: ${releaseRequestedText(state.lock.path, result.requested)}`);
      return result;
    },
    [COMMANDS.notifyWhenFree]: async (arg?: unknown) => {
      const state = target(arg);
      if (!state) return notHeld();
      const me = await session.ensureMe();
      const result = await session.api.check_files.query({ paths: [state.path], agent_id: me.agent_id, notify_when_free: true });
      const watched = result.notify_when_free ?? [];
      if (watched.length === 0) return notHeld();
      log.info(`the coordinator will tell us when ${watched.join(', ')} is free (${state.lock.held_by} holds it now)`);
      void vscode.window.showInformationMessage(`Agent Coordinator: you will be told when ${state.path} is free (${state.lock.held_by} holds it now).`);
      return state.path;
    },
    [COMMANDS.editAnyway]: (arg?: unknown) => {
      const state = target(arg);
      if (!state) return notHeld();
      guard.editAnyway(state);
      return state.path;
    },
    [COMMANDS.heldFileActions]: async (arg?: unknown) => {
      const state = target(arg);
      if (!state) return notHeld();
      const pick = await vscode.window.showQuickPick(
        ACTIONS.filter((a) => a.command !== COMMANDS.openTask || state.lock.task_id).map((a) => ({ label: a.label, detail: a.detail, command: a.command })),
        { title: heldExplanation(state.lock, state.editingAnyway) },
      );
      if (!pick) return undefined;
      const uri = arg instanceof vscode.Uri ? arg : await uriOf(state.path);
      return await vscode.commands.executeCommand(pick.command, pick.command === COMMANDS.openTask ? state.lock.task_id : uri);
    },
  });

  context.subscriptions.push(
    item,
    lensChanged,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
    guard.onDidChange(render),
    session.connection.onDidChangeState((change) => {
      if (change.lockPaths.length === 0) return;
      render();
    }),
  );
  render();
}
