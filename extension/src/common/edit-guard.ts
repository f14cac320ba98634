/**
 * Deciding when starting to edit a file deserves a warning: another agent holds it exclusively, and the
 * user has not already chosen to continue for that same lock.
 */
import type { Lock } from '@agent-coordinator/shared';
import { locksCovering } from './lock-decoration.ts';

/** The exclusive lock someone else holds on `repoPath`, if any. */
export function blockingLock(repoPath: string, locks: readonly Lock[], selfIds: ReadonlySet<string>): Lock | undefined {
  return locksCovering(repoPath, locks).find((l) => l.mode === 'exclusive' && !selfIds.has(l.held_by_id));
}

/** Remembers which (file, lock) pairs were already warned about, so typing on does not warn again. */
export class WarnedLocks {
  readonly #seen = new Set<string>();

  /** True the first time for this file and lock; false after. */
  shouldWarn(repoPath: string, lock: Lock): boolean {
    const key = `${repoPath}\u0000${lock.lock_id}`;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    return true;
  }

  /** Forget pairs whose lock is gone, so a new lock on the same file warns again. */
  retain(liveLockIds: ReadonlySet<string>): void {
    for (const key of this.#seen) {
      const lockId = key.split('\u0000')[1] ?? '';
      if (!liveLockIds.has(lockId)) this.#seen.delete(key);
    }
  }
}
