/**
 * The Tasks view's text filter: a task stays when every word of the filter occurs (case-insensitively) in
 * its key, title, description, files, status or the name of whoever claimed it, so "T-7", "checkout bob"
 * and "in progress" all narrow the view the way a user expects.
 */
import type { Task } from '@agent-coordinator/shared';

export function taskMatches(task: Task, filter: string, names: ReadonlyMap<string, string>): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [task.key, task.title, task.description, task.status.replace('_', ' '), task.priority, ...task.files, task.claimed_by ? (names.get(task.claimed_by) ?? '') : '']
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}
