/**
 * A file another principal holds exclusively, as the editor explains it (who holds it, for which task, until
 * when), and the user's standing choice about such files: "Edit Anyway" for one lock ("Notify Me When
 * Free" lives on the server: check_files notify_when_free). No `vscode` here: the read-only guard (features/edit-guard/) maps these to editor state.
 */
import type { Lock } from '@agent-coordinator/shared';
import { until } from './format.ts';

/** "bob holds this file for T-3 until 14:05" — the line the CodeLens and the status bar show. */
export function heldText(lock: Lock, now: number = Date.now()): string {
  const task = lock.task_key ? ` for ${lock.task_key}` : '';
  return `${lock.held_by} holds this file${task} ${until(lock.expires_at, now)}`;
}

/** What the editor says about a held file: read-only, or being edited against the holder's lock. */
export function heldHeadline(lock: Lock, editingAnyway: boolean, now: number = Date.now()): string {
  return editingAnyway ? `Editing anyway: ${heldText(lock, now)}` : `Read-only: ${heldText(lock, now)}`;
}

/** The longer explanation (status bar tooltip): why the editor is read-only and what the user can do. */
export function heldExplanation(lock: Lock, editingAnyway: boolean, now: number = Date.now()): string {
  const reason = lock.reason ? ` (${lock.reason})` : '';
  const state = editingAnyway
    ? 'You chose to edit it anyway: your changes may collide with theirs.'
    : 'It is open read-only so no keystroke lands while they hold it; it becomes writable the moment the lock goes.';
  return `${heldText(lock, now)}${reason}. ${state}`;
}

const pairKey = (path: string, lockId: string): string => `${path}\u0000${lockId}`;

/** "Edit Anyway" holds for one (file, lock) pair: a new lock on the same file makes it read-only again. */
export class EditAnywayChoices {
  readonly #chosen = new Set<string>();

  choose(path: string, lock: Lock): void {
    this.#chosen.add(pairKey(path, lock.lock_id));
  }

  has(path: string, lock: Lock): boolean {
    return this.#chosen.has(pairKey(path, lock.lock_id));
  }

  /** Forget choices whose lock is gone. */
  retain(liveLockIds: ReadonlySet<string>): void {
    for (const key of this.#chosen) if (!liveLockIds.has(key.split('\u0000')[1] ?? '')) this.#chosen.delete(key);
  }
}
