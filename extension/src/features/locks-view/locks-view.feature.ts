/**
 * The Locks view: live locks by holder with mode, task and expiry. You release your own; releasing
 * another's is up to the server's permissions (asked for with a modal warning first).
 */
import * as vscode from 'vscode';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { COMMANDS, VIEWS } from '../../common/commands.ts';
import { buildLockTree } from '../../common/lock-tree.ts';
import type { ViewNode } from '../../common/view-node.ts';
import { followConnection } from '../../platform/connection-line.ts';
import { registerCommands } from '../../platform/commands.ts';
import { NodeTreeProvider } from '../../platform/node-tree.ts';

const lockRef = (arg: unknown): { lockId?: string; path?: string; agentId?: string } | undefined =>
  typeof arg === 'object' && arg !== null && 'ref' in arg ? (arg as ViewNode).ref : typeof arg === 'string' ? { lockId: arg } : undefined;

export function registerLocksView(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): NodeTreeProvider {
  const provider = new NodeTreeProvider(() => buildLockTree({ locks: session.state.locks, selfIds: session.selfIds }));
  const view = vscode.window.createTreeView(VIEWS.locks, { treeDataProvider: provider });
  context.subscriptions.push(
    provider,
    view,
    session.connection.onDidChangeState((change) => {
      if (change.lockPaths.length > 0 || change.agents) provider.refresh();
    }),
    followConnection(view, session),
    session.onDidChangeIdentity(() => provider.refresh()),
  );

  const findLock = (arg: unknown) => {
    const ref = lockRef(arg);
    return session.state.locks.find((l) => l.lock_id === ref?.lockId) ?? session.state.locks.find((l) => l.path === ref?.path && l.held_by_id === ref?.agentId);
  };

  registerCommands(context, log, {
    [COMMANDS.releaseLock]: async (arg?: unknown) => {
      const lock = findLock(arg);
      if (!lock) return undefined;
      if (!session.selfIds.has(lock.held_by_id)) throw new Error(`${lock.path} is held by ${lock.held_by}, not by you — use Force Release Lock`);
      return session.api.release_files.mutate({ paths: [lock.path], agent_id: lock.held_by_id });
    },
    [COMMANDS.forceReleaseLock]: async (arg?: unknown, confirmed?: unknown) => {
      const lock = findLock(arg);
      if (!lock) return undefined;
      if (confirmed !== true) {
        const ok = await vscode.window.showWarningMessage(
          `Force-release ${lock.held_by}'s ${lock.mode} lock on ${lock.path}${lock.task_key ? ` (${lock.task_key})` : ''}? ${lock.held_by} may still be editing it.`,
          { modal: true },
          'Force Release',
        );
        if (ok !== 'Force Release') return undefined;
      }
      const result = await session.api.release_files.mutate({ paths: [lock.path], agent_id: lock.held_by_id });
      log.info(`force-released ${lock.path} held by ${lock.held_by}`);
      return result;
    },
  });
  return provider;
}
