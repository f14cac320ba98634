/**
 * The Missions view as data: missions (status, progress, the people taking part, their tasks) and
 * sprints (time box, goal, the missions and tasks in it). Task counts come from the server; the task rows
 * under a mission come from the client's task list.
 */
import type { Mission, MissionStatus, Sprint, SprintStatus, Task, TaskCounts } from '@agent-coordinator/shared';
import { KIND_ICONS } from './agent-tree.ts';
import { clockTime } from './format.ts';
import { formatPercent } from './percent.ts';
import { activeText, compareTasks, STATUS_LABELS } from './task-tree.ts';
import type { NodeIcon, ViewNode } from './view-node.ts';

export interface MissionTreeInput {
  readonly missions: readonly Mission[];
  readonly sprints: readonly Sprint[];
  readonly tasks: readonly Task[];
  readonly now?: number;
}

const MISSION_ORDER: readonly MissionStatus[] = ['active', 'paused', 'done', 'cancelled'];
const SPRINT_ORDER: readonly SprintStatus[] = ['active', 'planned', 'closed'];
const MISSION_ICONS: Readonly<Record<MissionStatus, NodeIcon>> = {
  active: { id: 'milestone', color: 'charts.blue' },
  paused: { id: 'debug-pause', color: 'charts.yellow' },
  done: { id: 'pass', color: 'charts.green' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
};
const SPRINT_ICONS: Readonly<Record<SprintStatus, NodeIcon>> = {
  active: { id: 'play-circle', color: 'charts.green' },
  planned: { id: 'calendar' },
  closed: { id: 'archive', color: 'disabledForeground' },
};
export const TASK_STATUS_ICONS: Readonly<Record<Task['status'], NodeIcon>> = {
  open: { id: 'circle-large-outline' },
  claimed: { id: 'person' },
  in_progress: { id: 'sync', color: 'charts.blue' },
  done: { id: 'pass-filled', color: 'charts.green' },
  failed: { id: 'error', color: 'charts.red' },
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
};

const STATUS_WEIGHT: Readonly<Record<Task['status'], number>> = { in_progress: 0, claimed: 1, open: 2, done: 3, failed: 4, cancelled: 5 };

/** Done of the tasks that count (cancelled ones do not): "3/7 done (42.9%)". */
export function progressText(counts: TaskCounts): string {
  const counted = counts.open + counts.claimed + counts.in_progress + counts.done + counts.failed;
  if (counted === 0) return 'no tasks';
  return `${counts.done}/${counted} done (${formatPercent((100 * counts.done) / counted)})`;
}

function countsLines(counts: TaskCounts): string {
  return (['open', 'claimed', 'in_progress', 'done', 'failed', 'cancelled'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${STATUS_LABELS[s].toLowerCase()}`)
    .join(', ');
}

function taskRow(prefix: string, task: Task): ViewNode {
  return {
    id: `${prefix}/task/${task.task_id}`,
    label: `${task.key} ${task.title}`,
    description: STATUS_LABELS[task.status],
    icon: TASK_STATUS_ICONS[task.status],
    contextValue: 'planTask',
    action: { kind: 'openTask', taskId: task.task_id },
    ref: { taskId: task.task_id },
  };
}

function missionNode(mission: Mission, tasks: readonly Task[]): ViewNode {
  const prefix = `mission/${mission.mission_id}`;
  const own = tasks.filter((t) => t.mission_id === mission.mission_id).sort((a, b) => STATUS_WEIGHT[a.status] - STATUS_WEIGHT[b.status] || compareTasks(a, b));
  const owner = mission.principals.find((p) => p.agent_id === mission.owner);
  const active = mission.tasks.claimed + mission.tasks.in_progress;
  const people: ViewNode[] = mission.principals.map((p) => ({
    id: `${prefix}/principal/${p.agent_id}`,
    label: p.name,
    description: p.agent_id === mission.owner ? `${p.kind} · owner` : p.kind,
    icon: { id: KIND_ICONS[p.kind] },
    contextValue: 'principal',
    ref: { agentId: p.agent_id, missionId: mission.mission_id },
  }));
  return {
    id: prefix,
    label: mission.name,
    // "Active" means claimed or in progress here too, the same as the Tasks view and the WIP policies.
    description: `${mission.status === 'active' ? '' : `${mission.status} · `}${active > 0 ? `${active} active · ` : ''}${progressText(mission.tasks)}`,
    tooltip: [
      `${mission.name} — ${mission.status}`,
      mission.description,
      activeText(active),
      owner ? `owner: ${owner.name}` : '',
      mission.principals.length > 0 ? `taking part: ${mission.principals.map((p) => p.name).join(', ')}` : '',
      countsLines(mission.tasks) ? `tasks: ${countsLines(mission.tasks)}` : 'no tasks yet',
    ]
      .filter(Boolean)
      .join('\n'),
    icon: MISSION_ICONS[mission.status],
    contextValue: `mission status-${mission.status}`,
    children: [...people, ...own.map((t) => taskRow(prefix, t))],
    expanded: mission.status === 'active',
    ref: { missionId: mission.mission_id },
  };
}

function dateRange(sprint: Sprint, now: number): string {
  const day = (iso: string): string => clockTime(iso, now).replace(/ \d\d:\d\d$/, '');
  if (sprint.starts_at && sprint.ends_at) return `${day(sprint.starts_at)} – ${day(sprint.ends_at)}`;
  if (sprint.ends_at) return `until ${day(sprint.ends_at)}`;
  if (sprint.starts_at) return `from ${day(sprint.starts_at)}`;
  return '';
}

function sprintNode(sprint: Sprint, missions: ReadonlyMap<string, Mission>, tasks: readonly Task[], now: number): ViewNode {
  const prefix = `sprint/${sprint.sprint_id}`;
  const range = dateRange(sprint, now);
  const own = tasks.filter((t) => t.sprint_id === sprint.sprint_id).sort((a, b) => STATUS_WEIGHT[a.status] - STATUS_WEIGHT[b.status] || compareTasks(a, b));
  const missionRows: ViewNode[] = sprint.missions.map((id) => ({
    id: `${prefix}/mission/${id}`,
    label: missions.get(id)?.name ?? `Mission ${id.slice(0, 8)}`,
    icon: { id: 'milestone' },
    contextValue: 'sprintMission',
    ref: { missionId: id, sprintId: sprint.sprint_id },
  }));
  return {
    id: prefix,
    label: sprint.name,
    description: [sprint.status === 'active' ? '' : sprint.status, range, progressText(sprint.tasks)].filter(Boolean).join(' · '),
    tooltip: [`${sprint.name} — ${sprint.status}${range ? ` (${range})` : ''}`, sprint.goal ? `goal: ${sprint.goal}` : '', countsLines(sprint.tasks) ? `tasks: ${countsLines(sprint.tasks)}` : 'no tasks yet']
      .filter(Boolean)
      .join('\n'),
    icon: SPRINT_ICONS[sprint.status],
    contextValue: `sprint status-${sprint.status}`,
    children: [...missionRows, ...own.map((t) => taskRow(prefix, t))],
    expanded: sprint.status === 'active',
    ref: { sprintId: sprint.sprint_id },
  };
}

/** Two groups, Missions and Sprints (each only when it has entries); nothing at all when there are none. */
export function buildMissionTree(input: MissionTreeInput): ViewNode[] {
  const now = input.now ?? Date.now();
  const missions = [...input.missions].sort((a, b) => MISSION_ORDER.indexOf(a.status) - MISSION_ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
  const sprints = [...input.sprints].sort((a, b) => SPRINT_ORDER.indexOf(a.status) - SPRINT_ORDER.indexOf(b.status) || (a.starts_at ?? '').localeCompare(b.starts_at ?? '') || a.name.localeCompare(b.name));
  const byId = new Map(input.missions.map((m) => [m.mission_id, m]));
  const groups: ViewNode[] = [];
  if (missions.length > 0) {
    const active = missions.filter((m) => m.status === 'active').length;
    groups.push({
      id: 'missions',
      label: 'Missions',
      description: `${active} active · ${missions.length} total`,
      icon: { id: 'milestone' },
      contextValue: 'missionGroup',
      children: missions.map((m) => missionNode(m, input.tasks)),
      expanded: true,
    });
  }
  if (sprints.length > 0) {
    groups.push({
      id: 'sprints',
      label: 'Sprints',
      description: `${sprints.filter((s) => s.status === 'active').length} active · ${sprints.length} total`,
      icon: { id: 'calendar' },
      contextValue: 'sprintGroup',
      children: sprints.map((s) => sprintNode(s, byId, input.tasks, now)),
      expanded: true,
    });
  }
  return groups;
}
