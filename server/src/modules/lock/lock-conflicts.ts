/**
 * Whether a request for paths conflicts with held locks. Another agent's lock conflicts when the
 * patterns overlap (globs both ways) and either side is exclusive; an agent never conflicts with itself.
 */
import { patternsOverlap, type Lock, type LockConflict, type LockMode } from '@agent-coordinator/shared';

export type HeldLock = Pick<Lock, 'path' | 'mode' | 'held_by' | 'held_by_id' | 'task_id' | 'task_key' | 'expires_at'>;

export function findConflicts(paths: readonly string[], mode: LockMode, agentId: string, held: readonly HeldLock[]): LockConflict[] {
  const conflicts: LockConflict[] = [];
  for (const lock of held) {
    if (lock.held_by_id === agentId) continue;
    if (mode === 'shared' && lock.mode === 'shared') continue;
    for (const path of paths) {
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
