/**
 * Whether a request for paths conflicts with held locks. Another agent's lock conflicts when the
 * patterns overlap (globs both ways) and either side is exclusive; an agent never conflicts with itself.
 *
 * The glob comparisons of one check share one budget (LIMITS.globStepsPerRequest), so 200 adversarial
 * globs against a subtree full of held ones cost a bounded time; what is left undecided when it runs out
 * counts as a conflict, the answer that can refuse too much but never grants two overlapping locks.
 */
import { patternsOverlap, requestOverlapBudget, type Lock, type LockConflict, type LockMode, type OverlapBudget } from '@agent-coordinator/shared';
import { LockIndex, type LockedPattern } from './lock-index.ts';

export type HeldLock = Pick<Lock, 'path' | 'mode' | 'held_by' | 'held_by_id' | 'task_id' | 'task_key' | 'expires_at'>;

/** Whether a request for `path` in `mode` by `agentId` conflicts with this held lock. */
const conflicts = (path: string, mode: LockMode, agentId: string, lock: LockedPattern, budget: OverlapBudget): boolean =>
  lock.held_by_id !== agentId && !(mode === 'shared' && lock.mode === 'shared') && patternsOverlap(path, lock.path, budget);

/** `held` as an index when checking many requests against the same locks; a plain list is indexed here. */
export function findConflicts(
  paths: readonly string[],
  mode: LockMode,
  agentId: string,
  held: LockIndex<HeldLock> | readonly HeldLock[],
  budget: OverlapBudget = requestOverlapBudget(),
): LockConflict[] {
  const index = held instanceof LockIndex ? held : new LockIndex(held);
  const found: LockConflict[] = [];
  for (const path of paths) {
    let named = 0;
    for (const lock of index.candidates(path)) {
      // once the budget is spent every glob pair counts as a conflict: name one per path, not thousands
      if (named > 0 && budget.remaining <= 0) break;
      if (!conflicts(path, mode, agentId, lock, budget)) continue;
      named++;
      found.push({
        path,
        held_path: lock.path,
        mode: lock.mode,
        held_by: lock.held_by,
        held_by_id: lock.held_by_id,
        task_id: lock.task_id,
        task_key: lock.task_key,
        expires_at: lock.expires_at,
      });
    }
  }
  return found;
}

/** Whether any held lock conflicts with the request, when only the answer matters (a claim skipping a task). */
export function anyConflict(paths: readonly string[], mode: LockMode, agentId: string, held: LockIndex, budget: OverlapBudget): boolean {
  return paths.some((path) => held.candidates(path).some((lock) => conflicts(path, mode, agentId, lock, budget)));
}
