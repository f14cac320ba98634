/**
 * Whether a request for paths conflicts with held locks. Another agent's lock conflicts when the
 * patterns overlap (globs both ways) and either side is exclusive; an agent never conflicts with itself.
 */
import { patternsOverlap, type Lock, type LockConflict, type LockMode } from '@agent-coordinator/shared';
import { LockIndex } from './lock-index.ts';

export type HeldLock = Pick<Lock, 'path' | 'mode' | 'held_by' | 'held_by_id' | 'task_id' | 'task_key' | 'expires_at'>;

/** `held` as an index when checking many requests against the same locks; a plain list is indexed here. */
export function findConflicts(paths: readonly string[], mode: LockMode, agentId: string, held: LockIndex | readonly HeldLock[]): LockConflict[] {
  const index = held instanceof LockIndex ? held : new LockIndex(held);
  const conflicts: LockConflict[] = [];
  for (const path of paths) {
    for (const lock of index.candidates(path)) {
      if (lock.held_by_id === agentId) continue;
      if (mode === 'shared' && lock.mode === 'shared') continue;
      if (patternsOverlap(path, lock.path)) {
        conflicts.push({
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
  }
  return conflicts;
}

export function describeConflicts(conflicts: readonly LockConflict[]): string {
  return conflicts
    .map((c) => `${c.path} is held ${c.mode} by ${c.held_by}${c.task_key ? ` for ${c.task_key}` : ''} (as ${c.held_path}) until ${c.expires_at}`)
    .join('; ');
}
