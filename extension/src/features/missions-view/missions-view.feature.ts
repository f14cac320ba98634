/**
 * The Missions view: missions (status, progress, who takes part, their tasks) and sprints (time box,
 * goal, missions and tasks in it), live from the coordinator's events. Create missions and sprints,
 * change their status, and move a task into a mission or sprint (also from the Tasks view).
 */
import * as vscode from 'vscode';
import type { Mission, MissionStatus, Sprint, SprintStatus, Task } from '@agent-coordinator/shared';
import { COMMANDS, VIEWS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { buildMissionTree } from '../../common/mission-tree.ts';
import { refOf } from '../../common/view-node.ts';
import { registerCommands } from '../../platform/commands.ts';
import { registerPlanView } from '../../platform/plan-view.ts';

/** Arguments for creating without prompts (tests, keybindings, other extensions). */
export interface CreateMissionArgs {
  readonly name: string;
  readonly description?: string;
}
export interface CreateSprintArgs {
  readonly name: string;
  readonly goal?: string;
  readonly starts_at?: string;
  readonly ends_at?: string;
  readonly status?: SprintStatus;
}
/** Where planTask moves a task: a mission and/or a sprint (null takes it out). */
export interface PlanTaskArgs {
  readonly mission_id?: string | null;
  readonly sprint_id?: string | null;
}

// Spelled out rather than imported: the shared constants sit among zod schemas the bundle leaves out.
const MISSION_STATUSES: readonly MissionStatus[] = ['active', 'paused', 'done', 'cancelled'];
const SPRINT_STATUSES: readonly SprintStatus[] = ['planned', 'active', 'closed'];

const hasName = (value: unknown): value is { name: string } => typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
const isIdOrNull = (value: unknown): boolean => value === undefined || value === null || typeof value === 'string';
const isPlanArgs = (value: unknown): value is PlanTaskArgs =>
  typeof value === 'object' && value !== null && ('mission_id' in value || 'sprint_id' in value) && isIdOrNull((value as PlanTaskArgs).mission_id) && isIdOrNull((value as PlanTaskArgs).sprint_id);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validateDay = (value: string): string | undefined => (value.trim() === '' || DAY.test(value.trim()) ? undefined : 'a day such as 2026-11-02, or nothing');

export function registerMissionsView(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  registerPlanView(context, session, {
    id: VIEWS.missions,
    parts: ['missions', 'sprints'],
    tasks: true,
    build: () => buildMissionTree({ missions: session.plan.state.missions, sprints: session.plan.state.sprints, tasks: session.state.tasks }),
  });
  const api = () => session.api;
  const me = async (): Promise<string> => (await session.ensureMe()).agent_id;

  const resolveTask = async (arg: unknown): Promise<Task | undefined> => {
    const ref = refOf(arg)?.taskId ?? (typeof arg === 'string' ? arg : undefined);
    if (ref) return session.state.task(ref) ?? (await api().get_task.query({ task_id: ref }));
    const open = session.state.tasks.filter((t) => !['done', 'failed', 'cancelled'].includes(t.status));
    const pick = await vscode.window.showQuickPick(
      open.map((t) => ({ label: `${t.key} ${t.title}`, description: t.status, task: t })),
      { title: 'Task to plan' },
    );
    return pick?.task;
  };

  registerCommands(context, log, {
    [COMMANDS.createMission]: async (arg?: unknown): Promise<Mission | undefined> => {
      let input: CreateMissionArgs;
      if (hasName(arg)) {
        input = arg;
      } else {
        const name = await vscode.window.showInputBox({ title: 'New mission (1/2): name', prompt: 'A short, unique name', ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'Give the mission a name' : undefined) });
        if (name === undefined) return undefined;
        const description = await vscode.window.showInputBox({ title: 'New mission (2/2): goal', prompt: 'What the mission achieves (optional)', ignoreFocusOut: true });
        if (description === undefined) return undefined;
        input = { name: name.trim(), description: description.trim() };
      }
      const mission = await api().create_mission.mutate({ name: input.name, description: input.description ?? '', owner: await me() });
      log.info(`created mission ${mission.name}`);
      if (!hasName(arg)) void vscode.window.showInformationMessage(`Agent Coordinator: created mission ${mission.name}.`);
      return mission;
    },

    [COMMANDS.createSprint]: async (arg?: unknown): Promise<Sprint | undefined> => {
      let input: CreateSprintArgs;
      if (hasName(arg)) {
        input = arg;
      } else {
        const name = await vscode.window.showInputBox({ title: 'New sprint (1/4): name', ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'Give the sprint a name' : undefined) });
        if (name === undefined) return undefined;
        const goal = await vscode.window.showInputBox({ title: 'New sprint (2/4): goal', prompt: 'Optional', ignoreFocusOut: true });
        if (goal === undefined) return undefined;
        const starts = await vscode.window.showInputBox({ title: 'New sprint (3/4): first day', prompt: 'YYYY-MM-DD (optional)', ignoreFocusOut: true, validateInput: validateDay });
        if (starts === undefined) return undefined;
        const ends = await vscode.window.showInputBox({ title: 'New sprint (4/4): last day', prompt: 'YYYY-MM-DD (optional)', ignoreFocusOut: true, validateInput: validateDay });
        if (ends === undefined) return undefined;
        input = { name: name.trim(), goal: goal.trim(), ...(starts.trim() ? { starts_at: starts.trim() } : {}), ...(ends.trim() ? { ends_at: ends.trim() } : {}) };
      }
      const sprint = await api().create_sprint.mutate({
        name: input.name,
        goal: input.goal ?? '',
        ...(input.status ? { status: input.status } : {}),
        ...(input.starts_at ? { starts_at: input.starts_at } : {}),
        ...(input.ends_at ? { ends_at: input.ends_at } : {}),
      });
      log.info(`created sprint ${sprint.name}`);
      if (!hasName(arg)) void vscode.window.showInformationMessage(`Agent Coordinator: created sprint ${sprint.name}.`);
      return sprint;
    },

    [COMMANDS.setPlanStatus]: async (arg?: unknown, statusArg?: unknown): Promise<Mission | Sprint | undefined> => {
      const ref = refOf(arg);
      const missionId = ref?.missionId ?? (typeof arg === 'string' ? arg : undefined);
      if (ref?.sprintId && !ref.missionId) {
        const sprint = session.plan.state.sprints.find((s) => s.sprint_id === ref.sprintId);
        const status =
          SPRINT_STATUSES.find((s) => s === statusArg) ?? (await vscode.window.showQuickPick(SPRINT_STATUSES.filter((s) => s !== sprint?.status).map((s) => ({ label: s, status: s })), { title: `Status of sprint ${sprint?.name ?? ''}` }))?.status;
        if (!status) return undefined;
        return api().update_sprint.mutate({ sprint_id: ref.sprintId, status });
      }
      if (!missionId) throw new Error('pick a mission or sprint in the Missions view');
      const mission = session.plan.state.mission(missionId);
      const status =
        typeof statusArg === 'string'
          ? (statusArg as MissionStatus)
          : (await vscode.window.showQuickPick(MISSION_STATUSES.filter((s) => s !== mission?.status).map((s) => ({ label: s, status: s })), { title: `Status of mission ${mission?.name ?? missionId}` }))?.status;
      if (!status) return undefined;
      return api().update_mission.mutate({ mission_id: missionId, status });
    },

    [COMMANDS.planTask]: async (arg?: unknown, planArg?: unknown): Promise<Task | undefined> => {
      const task = await resolveTask(arg);
      if (!task) return undefined;
      let plan: PlanTaskArgs;
      if (isPlanArgs(planArg)) {
        plan = planArg;
      } else {
        type Item = vscode.QuickPickItem & { readonly plan?: PlanTaskArgs };
        const missions = session.plan.state.missions.filter((m) => m.status === 'active' || m.status === 'paused');
        const sprints = session.plan.state.sprints.filter((s) => s.status !== 'closed');
        const items: Item[] = [
          { label: 'Missions', kind: vscode.QuickPickItemKind.Separator },
          ...missions.map((m): Item => ({ label: `$(milestone) ${m.name}`, description: m.mission_id === task.mission_id ? 'current' : m.status, plan: { mission_id: m.mission_id } })),
          ...(task.mission_id ? [{ label: '$(close) Take out of its mission', plan: { mission_id: null } }] : []),
          { label: 'Sprints', kind: vscode.QuickPickItemKind.Separator },
          ...sprints.map((s): Item => ({ label: `$(calendar) ${s.name}`, description: s.sprint_id === task.sprint_id ? 'current' : s.status, plan: { sprint_id: s.sprint_id } })),
          ...(task.sprint_id ? [{ label: '$(close) Take out of its sprint', plan: { sprint_id: null } }] : []),
        ];
        if (!items.some((i) => i.plan)) throw new Error('there is no mission or sprint yet: create one in the Missions view');
        const pick = await vscode.window.showQuickPick(items, { title: `Plan ${task.key} ${task.title}` });
        if (!pick?.plan) return undefined;
        plan = pick.plan;
      }
      const updated = await api().plan_task.mutate({
        task_id: task.task_id,
        ...(plan.mission_id !== undefined ? { mission_id: plan.mission_id } : {}),
        ...(plan.sprint_id !== undefined ? { sprint_id: plan.sprint_id } : {}),
      });
      log.info(`planned ${task.key}: mission ${updated.mission_id ?? '—'}, sprint ${updated.sprint_id ?? '—'}`);
      return updated;
    },
  });
}
