/** The Locks view as data: live locks grouped by holder (you first), each with mode, task and expiry. */
import { isGlob, type Lock } from '@agent-coordinator/shared';
import { describeLock } from './lock-decoration.ts';
import { until } from './format.ts';
import type { ViewNode } from './view-node.ts';

export interface LockTreeInput {
  readonly locks: readonly Lock[];
  readonly selfIds: ReadonlySet<string>;
  readonly now?: number;
}

export function buildLockTree(input: LockTreeInput): ViewNode[] {
  const now = input.now ?? Date.now();
  const byHolder = new Map<string, Lock[]>();
  for (const lock of input.locks) {
    const list = byHolder.get(lock.held_by_id) ?? [];
    list.push(lock);
    byHolder.set(lock.held_by_id, list);
  }
  const holders = [...byHolder.entries()].sort(([a, la], [b, lb]) => {
    const mine = Number(input.selfIds.has(b)) - Number(input.selfIds.has(a));
    return mine || (la[0]?.held_by ?? '').localeCompare(lb[0]?.held_by ?? '');
  });
  return holders.map(([holderId, locks]) => {
    const mine = input.selfIds.has(holderId);
    const name = locks[0]?.held_by ?? holderId;
    return {
      id: `holder/${holderId}`,
      label: mine ? `${name} (you)` : name,
      description: locks.length === 1 ? '1 lock' : `${locks.length} locks`,
      icon: { id: mine ? 'account' : 'person', ...(mine ? { color: 'agentCoordinator.lockedByMe' } : { color: 'agentCoordinator.lockedByOther' }) },
      contextValue: mine ? 'holder self' : 'holder',
      expanded: true,
      ref: { agentId: holderId },
      children: [...locks]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map(
          (lock): ViewNode => ({
            id: `lock/${lock.lock_id}`,
            label: lock.path,
            description: `${lock.mode}${lock.task_key ? ` · ${lock.task_key}` : ''} · ${until(lock.expires_at, now)}`,
            tooltip: describeLock(lock, input.selfIds, now),
            icon: { id: lock.mode === 'shared' ? 'unlock' : 'lock' },
            contextValue: mine ? 'lock ownLock' : 'lock foreignLock',
            ...(isGlob(lock.path) ? {} : { action: { kind: 'openFile', path: lock.path } as const }),
            ref: { lockId: lock.lock_id, path: lock.path, agentId: holderId },
          }),
        ),
    };
  });
}
