/**
 * Lock, unlock and "who holds this?" from the explorer and the editor title: the human takes and releases
 * locks as themself (kind human), so everyone sees them at once.
 */
import * as vscode from 'vscode';
import type { LockFilesResult, ReleaseFilesResult, CheckFilesResult } from '@agent-coordinator/shared';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { describeLock } from '../../common/lock-decoration.ts';
import { policyNotes } from '../../common/policy-outcome.ts';
import { registerCommands, reportPolicy } from '../../platform/commands.ts';
import { repoPathOf } from '../../platform/workspace.ts';

/** The repository paths a command is about: the explorer selection, one URI, a path string, or the active editor. */
function targetPaths(arg: unknown, selection: unknown): string[] {
  const uris: vscode.Uri[] = Array.isArray(selection) && selection.length > 0 ? selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (uris.length === 0 && arg instanceof vscode.Uri) uris.push(arg);
  if (typeof arg === 'string') return [arg];
  if (Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return arg;
  if (uris.length === 0 && vscode.window.activeTextEditor) uris.push(vscode.window.activeTextEditor.document.uri);
  return uris.map(repoPathOf).filter((p): p is string => p !== null);
}

/** A toast about files others hold, with the held-file actions for them (the read-only editor's commands). */
async function offerHeldActions(text: string, heldPaths: readonly string[], kind: 'info' | 'warning'): Promise<void> {
  const actions = heldPaths.length > 0 ? ['Ask to Release', 'Notify Me When Free'] : [];
  const pick = await (kind === 'warning' ? vscode.window.showWarningMessage(text, ...actions) : vscode.window.showInformationMessage(text, ...actions));
  const command = pick === 'Ask to Release' ? COMMANDS.askToRelease : pick === 'Notify Me When Free' ? COMMANDS.notifyWhenFree : null;
  if (command) for (const path of heldPaths) await vscode.commands.executeCommand(command, path);
}

export function registerFileLocks(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  registerCommands(context, log, {
    [COMMANDS.lockFile]: async (arg?: unknown, selection?: unknown): Promise<LockFilesResult | undefined> => {
      const paths = targetPaths(arg, selection);
      if (paths.length === 0) throw new Error('select files inside the workspace to lock');
      const me = await session.ensureMe();
      const result = await session.api.lock_files.mutate({ paths, agent_id: me.agent_id, reason: 'locked from VS Code' });
      if (result.granted) {
        log.info(`locked ${paths.join(', ')}`);
        reportPolicy(result);
      } else if (policyNotes(result).pending) {
        reportPolicy(result);
      } else {
        const lines = result.conflicts.map((c) => `${c.path}: ${c.held_by}${c.task_key ? ` (${c.task_key})` : ''}`);
        void offerHeldActions(`Agent Coordinator: not locked — already held: ${lines.join('; ')}`, result.conflicts.map((c) => c.path), 'warning');
      }
      return result;
    },
    [COMMANDS.unlockFile]: async (arg?: unknown, selection?: unknown): Promise<ReleaseFilesResult | undefined> => {
      const paths = targetPaths(arg, selection);
      if (paths.length === 0) throw new Error('select files inside the workspace to unlock');
      const me = await session.ensureMe();
      const result = await session.api.release_files.mutate({ paths, agent_id: me.agent_id });
      if (result.not_held.length > 0) {
        const others = session.state.locks.filter((l) => result.not_held.includes(l.path) && l.held_by_id !== me.agent_id);
        const detail = others.length > 0 ? ` (${others.map((l) => `${l.path} is held by ${l.held_by}`).join('; ')})` : '';
        void vscode.window.showInformationMessage(`Agent Coordinator: you held no lock on ${result.not_held.join(', ')}${detail}.`);
      }
      return result;
    },
    [COMMANDS.whoHolds]: async (arg?: unknown, selection?: unknown): Promise<CheckFilesResult | undefined> => {
      const paths = targetPaths(arg, selection);
      if (paths.length === 0) throw new Error('select files inside the workspace');
      const result = await session.api.check_files.query({ paths });
      const lines = result.files.map((f) => (f.locked ? `${f.path}: ${f.locks.map((l) => describeLock(l, session.selfIds)).join('; ')}` : `${f.path}: not locked`));
      const heldByOthers = result.files.filter((f) => f.locks.some((l) => l.mode === 'exclusive' && !session.selfIds.has(l.held_by_id))).map((f) => f.path);
      void offerHeldActions(`Agent Coordinator: ${lines.join(' · ')}`, heldByOthers, 'info');
      return result;
    },
  });
}
