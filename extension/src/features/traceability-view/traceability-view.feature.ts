/**
 * The Traceability view: the coverage report as a tree — objectives → key results → requirements →
 * tasks — with covered / done / measured percentages at each level, live (events about objectives, key
 * results, requirements, links and linked tasks reload the report while the view is visible). Rows offer
 * what builds the tree: objectives, key results (and their measured value), requirements, task links.
 */
import * as vscode from 'vscode';
import type { KeyResult, LinkTaskResult, Objective, Requirement } from '@agent-coordinator/shared';
import { COMMANDS, VIEWS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { buildCoverageTree } from '../../common/coverage-tree.ts';
import { plural } from '../../common/format.ts';
import { refOf } from '../../common/view-node.ts';
import { registerCommands } from '../../platform/commands.ts';
import { registerPlanView } from '../../platform/plan-view.ts';

export interface CreateObjectiveArgs {
  readonly title: string;
  readonly description?: string;
  readonly mission_id?: string | null;
}
export interface AddKeyResultArgs {
  readonly title: string;
  readonly target: number;
  readonly current?: number;
  readonly unit?: string;
}
export interface AddRequirementArgs {
  readonly title: string;
  readonly description?: string;
}

const hasTitle = (value: unknown): value is { title: string } => typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string';
const isKeyResultArgs = (value: unknown): value is AddKeyResultArgs => hasTitle(value) && typeof (value as { target?: unknown }).target === 'number';
const notEmpty = (what: string) => (v: string) => (v.trim() === '' ? `Give the ${what} a title` : undefined);
const isNumber = (v: string): string | undefined => (v.trim() !== '' && Number.isFinite(Number(v)) ? undefined : 'a number, such as 200 or 0.5');

export function registerTraceabilityView(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  registerPlanView(context, session, {
    id: VIEWS.traceability,
    parts: ['coverage'],
    alsoOn: ['missions'],
    build: () => buildCoverageTree({ report: session.plan.state.coverage, missions: new Map(session.plan.state.missions.map((m) => [m.mission_id, m])) }),
  });
  const api = () => session.api;
  const report = () => session.plan.state.coverage;
  const keyResults = () => (report()?.objectives ?? []).flatMap((o) => o.key_results.map((k) => ({ objective: o, keyResult: k })));
  const requirements = () => keyResults().flatMap(({ keyResult }) => keyResult.requirements.map((r) => ({ keyResult, requirement: r })));

  /** The id a row names, else the string argument, else a pick. */
  const pickId = async <T>(
    arg: unknown,
    fromRow: string | undefined,
    candidates: readonly T[],
    item: (c: T) => vscode.QuickPickItem & { readonly id: string },
    title: string,
    none: string,
  ): Promise<string | undefined> => {
    if (fromRow) return fromRow;
    if (typeof arg === 'string') return arg;
    if (candidates.length === 0) throw new Error(none);
    return (await vscode.window.showQuickPick(candidates.map(item), { title }))?.id;
  };

  registerCommands(context, log, {
    [COMMANDS.createObjective]: async (arg?: unknown): Promise<Objective | undefined> => {
      let input: CreateObjectiveArgs;
      if (hasTitle(arg)) {
        input = arg;
      } else {
        const title = await vscode.window.showInputBox({ title: 'New objective (1/3): title', prompt: 'What you want to achieve', ignoreFocusOut: true, validateInput: notEmpty('objective') });
        if (title === undefined) return undefined;
        const description = await vscode.window.showInputBox({ title: 'New objective (2/3): description', prompt: 'Optional', ignoreFocusOut: true });
        if (description === undefined) return undefined;
        const fromRow = refOf(arg)?.missionId;
        let missionId: string | null = fromRow ?? null;
        const missions = session.plan.state.missions.filter((m) => m.status === 'active' || m.status === 'paused');
        if (!fromRow && missions.length > 0) {
          const pick = await vscode.window.showQuickPick(
            [{ label: 'No mission', id: null }, ...missions.map((m) => ({ label: `$(milestone) ${m.name}`, id: m.mission_id }))],
            { title: 'New objective (3/3): mission', ignoreFocusOut: true },
          );
          if (!pick) return undefined;
          missionId = pick.id;
        }
        input = { title: title.trim(), description: description.trim(), mission_id: missionId };
      }
      const objective = await api().create_objective.mutate({ title: input.title, description: input.description ?? '', mission_id: input.mission_id ?? null });
      log.info(`created objective ${objective.key} ${objective.title}`);
      return objective;
    },

    [COMMANDS.addKeyResult]: async (arg?: unknown, argsArg?: unknown): Promise<KeyResult | undefined> => {
      const objectiveId = await pickId(
        arg,
        refOf(arg)?.objectiveId,
        report()?.objectives ?? [],
        (o) => ({ label: `${o.key} ${o.title}`, id: o.objective_id }),
        'Objective to measure',
        'there is no objective yet: create one first',
      );
      if (!objectiveId) return undefined;
      let input: AddKeyResultArgs;
      if (isKeyResultArgs(argsArg)) {
        input = argsArg;
      } else {
        const title = await vscode.window.showInputBox({ title: 'New key result (1/4): title', prompt: 'What is measured, e.g. "p95 checkout latency"', ignoreFocusOut: true, validateInput: notEmpty('key result') });
        if (title === undefined) return undefined;
        const target = await vscode.window.showInputBox({ title: 'New key result (2/4): target', ignoreFocusOut: true, validateInput: isNumber });
        if (target === undefined) return undefined;
        const unit = await vscode.window.showInputBox({ title: 'New key result (3/4): unit', prompt: 'Optional: ms, %, users…', ignoreFocusOut: true });
        if (unit === undefined) return undefined;
        const current = await vscode.window.showInputBox({ title: 'New key result (4/4): current value', value: '0', ignoreFocusOut: true, validateInput: isNumber });
        if (current === undefined) return undefined;
        input = { title: title.trim(), target: Number(target), unit: unit.trim(), current: Number(current) };
      }
      const keyResult = await api().add_key_result.mutate({ objective_id: objectiveId, title: input.title, target: input.target, current: input.current ?? 0, unit: input.unit ?? '' });
      log.info(`added key result ${keyResult.key} ${keyResult.title}`);
      return keyResult;
    },

    [COMMANDS.updateKeyResult]: async (arg?: unknown, currentArg?: unknown): Promise<KeyResult | undefined> => {
      const keyResultId = await pickId(
        arg,
        refOf(arg)?.keyResultId,
        keyResults(),
        ({ keyResult: k }) => ({ label: `${k.key} ${k.title}`, description: `${k.current}/${k.target} ${k.unit}`, id: k.key_result_id }),
        'Key result to update',
        'there is no key result yet',
      );
      if (!keyResultId) return undefined;
      let current: number;
      if (typeof currentArg === 'number') {
        current = currentArg;
      } else {
        const kr = keyResults().find(({ keyResult: k }) => k.key_result_id === keyResultId || k.key === keyResultId)?.keyResult;
        const value = await vscode.window.showInputBox({
          title: `${kr ? `${kr.key} ${kr.title}` : keyResultId}: current value`,
          prompt: kr ? `target ${kr.target}${kr.unit ? ` ${kr.unit}` : ''}` : undefined,
          value: kr ? String(kr.current) : '',
          validateInput: isNumber,
        });
        if (value === undefined) return undefined;
        current = Number(value);
      }
      return api().update_key_result.mutate({ key_result_id: keyResultId, current });
    },

    [COMMANDS.addRequirement]: async (arg?: unknown, argsArg?: unknown): Promise<Requirement | undefined> => {
      const keyResultId = await pickId(
        arg,
        refOf(arg)?.keyResultId,
        keyResults(),
        ({ keyResult: k }) => ({ label: `${k.key} ${k.title}`, id: k.key_result_id }),
        'Key result the requirement serves',
        'there is no key result yet: add one to an objective first',
      );
      if (!keyResultId) return undefined;
      let input: AddRequirementArgs;
      if (hasTitle(argsArg)) {
        input = argsArg;
      } else {
        const title = await vscode.window.showInputBox({ title: 'New requirement (1/2): title', ignoreFocusOut: true, validateInput: notEmpty('requirement') });
        if (title === undefined) return undefined;
        const description = await vscode.window.showInputBox({ title: 'New requirement (2/2): description', prompt: 'Optional', ignoreFocusOut: true });
        if (description === undefined) return undefined;
        input = { title: title.trim(), description: description.trim() };
      }
      const requirement = await api().add_requirement.mutate({ key_result_id: keyResultId, title: input.title, description: input.description ?? '' });
      log.info(`added requirement ${requirement.key} ${requirement.title}`);
      return requirement;
    },

    [COMMANDS.linkTask]: async (arg?: unknown, taskArg?: unknown): Promise<LinkTaskResult | undefined> => {
      const requirementId = await pickId(
        arg,
        refOf(arg)?.requirementId,
        requirements(),
        ({ requirement: r }) => ({ label: `${r.key} ${r.title}`, description: r.covered ? plural(r.task_count, 'task') : 'no task yet', id: r.requirement_id }),
        'Requirement to cover',
        'there is no requirement yet',
      );
      if (!requirementId) return undefined;
      let taskId: string | undefined = typeof taskArg === 'string' ? taskArg : undefined;
      if (!taskId) {
        const linked = new Set(requirements().find(({ requirement: r }) => r.requirement_id === requirementId)?.requirement.tasks.map((t) => t.task_id) ?? []);
        const candidates = session.state.tasks.filter((t) => t.status !== 'cancelled' && !linked.has(t.task_id));
        if (candidates.length === 0) throw new Error('no task to link: create one first');
        const pick = await vscode.window.showQuickPick(
          candidates.map((t) => ({ label: `${t.key} ${t.title}`, description: t.status, id: t.task_id })),
          { title: 'Task that covers the requirement', matchOnDescription: true },
        );
        taskId = pick?.id;
      }
      if (!taskId) return undefined;
      const result = await api().link_task.mutate({ requirement_id: requirementId, task_id: taskId });
      log.info(`linked ${result.task_key} to ${result.requirement_key}`);
      return result;
    },

    [COMMANDS.unlinkTask]: async (arg?: unknown, taskArg?: unknown): Promise<LinkTaskResult | undefined> => {
      const ref = refOf(arg);
      const requirementId = ref?.requirementId ?? (typeof arg === 'string' ? arg : undefined);
      const taskId = ref?.taskId ?? (typeof taskArg === 'string' ? taskArg : undefined);
      if (!requirementId || !taskId) throw new Error('pick a linked task under a requirement in the Traceability view');
      const result = await api().unlink_task.mutate({ requirement_id: requirementId, task_id: taskId });
      log.info(`unlinked ${result.task_key} from ${result.requirement_key}`);
      return result;
    },
  });
}
