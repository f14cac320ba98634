/**
 * What task creation asks of a duplicate check: warnings for the task just created. Declared here, by the
 * task module that asks, and implemented by the knowledge module (`knowledge/duplicate-advisor.ts`), wired
 * in coordinator.ts: the task module does not import knowledge (issue #19, modules in one direction).
 */
import type { Task } from '@agent-coordinator/shared';

export interface DuplicateAdvice {
  /** Warnings for the task just created (committed: its project is read from it; empty: nothing similar). Never throws. */
  advise(task: Pick<Task, 'task_id' | 'title' | 'description'>): Promise<string[]>;
}
