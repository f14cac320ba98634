/**
 * Which of a task's dependencies still block it. A task is claimable only when every task it depends on is
 * done (the server's rule), so the client shows the same answer before anyone tries, by key ("T-3").
 */
import type { Task } from '@agent-coordinator/shared';

/** The keys of the dependencies that are not done; a dependency the client has not loaded shows its id's start. */
export function blockerKeys(task: Task, tasks: readonly Task[]): string[] {
  if (task.depends_on.length === 0) return [];
  const byId = new Map(tasks.map((t) => [t.task_id, t]));
  return task.depends_on.flatMap((id) => {
    const dep = byId.get(id);
    if (dep?.status === 'done') return [];
    return [dep?.key ?? id.slice(0, 8)];
  });
}

/** A dependency by key when the client knows it (for "Depends on: T-7"), else its id's first characters. */
export function dependencyKeys(task: Task, tasks: readonly Task[]): string[] {
  const byId = new Map(tasks.map((t) => [t.task_id, t]));
  return task.depends_on.map((id) => byId.get(id)?.key ?? id.slice(0, 8));
}

/** "blocked by T-3, T-5". */
export const blockedText = (keys: readonly string[]): string => `blocked by ${keys.join(', ')}`;
