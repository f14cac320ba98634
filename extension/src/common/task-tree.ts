/**
 * The Tasks view as data: tasks grouped by mission (when there are missions) and status, priority as the
 * icon, assignee or claimer as the description, the task's files as children, and the context flags that
 * decide which lifecycle actions the row offers.
 */
import type { Agent, Lock, Mission, Priority, Task, TaskStatus } from '@agent-coordinator/shared';
import { isGlob } from '@agent-coordinator/shared';
import { describeLock, locksCovering } from './lock-decoration.ts';
import { blockedText, blockerKeys } from './task-blockers.ts';
import { taskMatches } from './task-filter.ts';
import type { NodeIcon, ViewNode } from './view-node.ts';

export interface TaskTreeInput {
  readonly tasks: readonly Task[];
  readonly agents: readonly Agent[];
  readonly locks: readonly Lock[];
  /** The agents this window acts as (the human first). */
  readonly selfIds: ReadonlySet<string>;
  /** Missions by id, for their names (a mission not loaded yet shows its id's first characters). */
  readonly missions?: ReadonlyMap<string, Mission>;
  readonly now?: number;
  /** The Filter Tasks text: only matching tasks are shown (blockers are still computed from all tasks). */
  readonly filter?: string;
}

export const STATUS_ORDER: readonly TaskStatus[] = ['in_progress', 'claimed', 'open', 'done', 'failed', 'cancelled'];
export const STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  in_progress: 'In progress',
  claimed: 'Claimed',
  open: 'Open',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
const PRIORITY_RANK: Readonly<Record<Priority, number>> = { low: 0, normal: 1, high: 2, critical: 3 };
export const PRIORITY_ICONS: Readonly<Record<Priority, NodeIcon>> = {
  critical: { id: 'flame', color: 'charts.red' },
  high: { id: 'arrow-up', color: 'charts.orange' },
  normal: { id: 'circle-filled', color: 'charts.blue' },
  // Our own colour: disabledForeground is half-transparent and all but vanishes in Dark Modern.
  low: { id: 'arrow-down', color: 'agentCoordinator.priorityLow' },
};
const FINAL: readonly TaskStatus[] = ['done', 'failed', 'cancelled'];
/** The one meaning of "active" across the extension (and the server's WIP policies): claimed or in progress. */
export const ACTIVE: readonly TaskStatus[] = ['claimed', 'in_progress'];
/** What "active" counts, said wherever a count of active tasks is shown. */
export const activeText = (count: number): string => `${count} active (claimed or in progress)`;

const keyNumber = (key: string): number => Number(key.replace(/^T-/, '')) || 0;

/** Higher priority first, then older (smaller key) first. */
export function compareTasks(a: Task, b: Task): number {
  return PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || keyNumber(a.key) - keyNumber(b.key);
}

/**
 * The context flags of a task row (see the manifest's `view/item/context` menus). An open task with
 * unfinished dependencies is `blocked` instead of `claimable`, so it offers no Claim action.
 */
export function taskFlags(task: Task, selfIds: ReadonlySet<string>, blockers: readonly string[] = []): string {
  const mine = task.claimed_by !== null && selfIds.has(task.claimed_by);
  const flags = ['task', `status-${task.status}`];
  if (mine) flags.push('mine');
  if (task.status === 'open') flags.push(blockers.length > 0 ? 'blocked' : 'claimable');
  if (task.status === 'claimed' && mine) flags.push('startable');
  if (ACTIVE.includes(task.status) && mine) flags.push('completable', 'releasable');
  if (!FINAL.includes(task.status)) flags.push('cancellable');
  return flags.join(' ');
}

function whoDescription(task: Task, names: ReadonlyMap<string, string>, selfIds: ReadonlySet<string>): string {
  const name = (id: string): string => (selfIds.has(id) ? 'you' : (names.get(id) ?? id.slice(0, 8)));
  if (task.claimed_by && ACTIVE.includes(task.status)) return task.status === 'claimed' ? `claimed by ${name(task.claimed_by)}` : name(task.claimed_by);
  if (task.status === 'open' && task.assignee) return `for ${name(task.assignee)}`;
  if (task.claimed_by && FINAL.includes(task.status)) return name(task.claimed_by);
  return '';
}

function taskNode(task: Task, input: TaskTreeInput, names: ReadonlyMap<string, string>): ViewNode {
  const blockers = task.status === 'open' ? blockerKeys(task, input.tasks) : [];
  const blocked = blockers.length > 0 ? blockedText(blockers) : '';
  const who = whoDescription(task, names, input.selfIds);
  const description = [blocked, who].filter(Boolean).join(' · ');
  const lines = [`${task.key} · ${task.title}`, `${STATUS_LABELS[task.status]} · ${task.priority} priority${description ? ` · ${description}` : ''}`];
  if (task.description) lines.push('', task.description);
  if (task.progress_note) lines.push('', `Progress: ${task.progress_note}`);
  if (task.summary) lines.push('', `Summary: ${task.summary}`);
  const files = task.files.map((path): ViewNode => {
    const held = locksCovering(path, input.locks);
    const first = held[0];
    return {
      id: `${task.task_id}/file/${path}`,
      label: path,
      ...(first ? { description: first.held_by_id && input.selfIds.has(first.held_by_id) ? 'locked by you' : `locked by ${first.held_by}` } : {}),
      tooltip: held.length > 0 ? held.map((l) => describeLock(l, input.selfIds, input.now)).join('\n') : `${path} (not locked)`,
      icon: { id: isGlob(path) ? 'files' : held.length > 0 ? 'lock' : 'file' },
      contextValue: 'taskFile',
      ...(isGlob(path) ? {} : { action: { kind: 'openFile', path } as const }),
      ref: { taskId: task.task_id, path },
    };
  });
  return {
    id: task.task_id,
    label: `${task.key} ${task.title}`,
    description,
    tooltip: lines.join('\n'),
    // A blocked task trades its priority icon for a stop sign: what matters first is that it cannot start.
    icon: blocked ? { id: 'circle-slash', color: 'disabledForeground' } : PRIORITY_ICONS[task.priority],
    contextValue: taskFlags(task, input.selfIds, blockers),
    children: files,
    expanded: false,
    action: { kind: 'openTask', taskId: task.task_id },
    ref: { taskId: task.task_id },
  };
}

function statusGroups(prefix: string, tasks: readonly Task[], input: TaskTreeInput, names: ReadonlyMap<string, string>): ViewNode[] {
  const groups: ViewNode[] = [];
  for (const status of STATUS_ORDER) {
    const inStatus = tasks.filter((t) => t.status === status).sort(compareTasks);
    if (inStatus.length === 0) continue;
    groups.push({
      id: `${prefix}status/${status}`,
      label: STATUS_LABELS[status],
      description: String(inStatus.length),
      icon: { id: FINAL.includes(status) ? 'pass' : status === 'open' ? 'circle-large-outline' : 'sync' },
      contextValue: `statusGroup status-${status}`,
      children: inStatus.map((t) => taskNode(t, input, names)),
      expanded: !FINAL.includes(status),
    });
  }
  return groups;
}

/** The whole Tasks view. With more than one mission (or any task in one), missions form the top level. */
export function buildTaskTree(input: TaskTreeInput): ViewNode[] {
  const names = new Map(input.agents.map((a) => [a.agent_id, a.name]));
  const missions = new Map<string | null, Task[]>();
  const shown = input.filter ? input.tasks.filter((t) => taskMatches(t, input.filter ?? '', names)) : input.tasks;
  for (const task of shown) {
    const list = missions.get(task.mission_id) ?? [];
    list.push(task);
    missions.set(task.mission_id, list);
  }
  if (missions.size === 0) return [];
  if (missions.size === 1 && missions.has(null)) return statusGroups('', shown, input, names);
  const missionName = (id: string | null): string => (id === null ? 'No mission' : (input.missions?.get(id)?.name ?? `Mission ${id.slice(0, 8)}`));
  // Named missions alphabetically, then unknown ones, tasks without a mission last.
  const rank = (id: string | null): number => (id === null ? 2 : input.missions?.has(id) ? 0 : 1);
  const ordered = [...missions.entries()].sort(([a], [b]) => rank(a) - rank(b) || missionName(a).localeCompare(missionName(b)));
  return ordered.map(([missionId, tasks]) => {
    const active = tasks.filter((t) => ACTIVE.includes(t.status)).length;
    const unfinished = tasks.filter((t) => !FINAL.includes(t.status)).length;
    const mission = missionId === null ? undefined : input.missions?.get(missionId);
    const status = mission && mission.status !== 'active' ? `${mission.status} · ` : '';
    return {
      id: `mission/${missionId ?? 'none'}`,
      label: missionName(missionId),
      description: `${status}${activeText(active)} · ${tasks.length} total`,
      ...(mission?.description ? { tooltip: `${mission.name}\n\n${mission.description}` } : {}),
      icon: { id: missionId === null ? 'inbox' : 'milestone' },
      contextValue: missionId === null ? 'mission none' : 'mission',
      ...(missionId === null ? {} : { ref: { missionId } }),
      children: statusGroups(`mission/${missionId ?? 'none'}/`, tasks, input, names),
      expanded: unfinished > 0,
    };
  });
}
