/** A task as a read-only Markdown document (what "Open Task" shows). */
import type { Agent, Lock, Task } from '@agent-coordinator/shared';
import { clockTime } from './format.ts';
import { describeLock, locksCovering } from './lock-decoration.ts';
import { blockedText, blockerKeys, dependencyKeys } from './task-blockers.ts';
import { STATUS_LABELS } from './task-tree.ts';

/** What the client knows around the task: its mission's and sprint's names, the other tasks (for keys). */
export interface TaskContext {
  readonly mission?: string | undefined;
  readonly sprint?: string | undefined;
  /** The client's task list, so dependencies read as keys ("T-7"), never as raw ids. */
  readonly tasks?: readonly Task[] | undefined;
}

export function renderTaskMarkdown(task: Task, agents: readonly Agent[], locks: readonly Lock[], selfIds: ReadonlySet<string>, now: number = Date.now(), plan: TaskContext = {}): string {
  const name = (id: string | null): string => (id === null ? '—' : (agents.find((a) => a.agent_id === id)?.name ?? id));
  const lines = [
    `# ${task.key} ${task.title}`,
    '',
    `| status | priority | assignee | claimed by | updated |`,
    `|---|---|---|---|---|`,
    `| ${STATUS_LABELS[task.status]} | ${task.priority} | ${name(task.assignee)} | ${name(task.claimed_by)} | ${clockTime(task.updated_at, now)} |`,
    '',
  ];
  const planned = [
    task.mission_id ? `**Mission:** ${plan.mission ?? task.mission_id}` : '',
    task.sprint_id ? `**Sprint:** ${plan.sprint ?? task.sprint_id}` : '',
  ].filter(Boolean);
  if (planned.length > 0) lines.push(planned.join(' · '), '');
  if (task.description) lines.push(task.description, '');
  if (task.files.length > 0) {
    lines.push('## Files', '');
    for (const path of task.files) {
      const held = locksCovering(path, locks);
      lines.push(`- \`${path}\`${held.length > 0 ? ` — ${held.map((l) => describeLock(l, selfIds, now)).join('; ')}` : ''}`);
    }
    lines.push('');
  }
  if (task.capabilities.length > 0) lines.push(`**Capabilities:** ${task.capabilities.join(', ')}`, '');
  if (task.depends_on.length > 0) {
    const tasks = plan.tasks ?? [];
    const blockers = task.status === 'open' ? blockerKeys(task, tasks) : [];
    lines.push(`**Depends on:** ${dependencyKeys(task, tasks).join(', ')}${blockers.length > 0 ? ` (${blockedText(blockers)})` : ''}`, '');
  }
  if (task.progress_note) lines.push('## Progress', '', task.progress_note, '');
  if (task.summary) lines.push('## Summary', '', task.summary, '');
  lines.push(`<sub>task id ${task.task_id}</sub>`, '');
  return lines.join('\n');
}
