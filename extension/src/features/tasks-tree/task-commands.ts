/**
 * Task lifecycle from the Tasks view and the palette: create (quick inputs; files from the explorer
 * selection or the active editor), claim, start, complete, release, cancel, open. Commands accept a tree
 * row, a task id or key, or nothing (then they ask), and return the task they changed.
 */
import * as vscode from 'vscode';
import type { NextTaskResult, Priority, Task } from '@agent-coordinator/shared';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { plural } from '../../common/format.ts';
import { blockedText, blockerKeys } from '../../common/task-blockers.ts';
import { STATUS_LABELS, taskFlags } from '../../common/task-tree.ts';
import type { ViewNode } from '../../common/view-node.ts';
import { registerCommands, reportPolicy } from '../../platform/commands.ts';
import { repoPathOf } from '../../platform/workspace.ts';
import type { TaskPanels } from './task-panels.ts';

/** Arguments for creating a task without prompts (tests, other extensions, keybindings). */
export interface CreateTaskArgs {
  readonly title: string;
  readonly description?: string;
  readonly priority?: Priority;
  readonly files?: readonly string[];
}

const PRIORITIES: readonly { readonly label: string; readonly priority: Priority; readonly description: string }[] = [
  { label: '$(circle-filled) Normal', priority: 'normal', description: 'claimed in creation order' },
  { label: '$(arrow-up) High', priority: 'high', description: 'before normal tasks' },
  { label: '$(flame) Critical', priority: 'critical', description: 'before everything else' },
  { label: '$(arrow-down) Low', priority: 'low', description: 'when nothing else is open' },
];

const isCreateArgs = (value: unknown): value is CreateTaskArgs => typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string';
const isNode = (value: unknown): value is ViewNode => typeof value === 'object' && value !== null && 'id' in value && 'label' in value;

export function registerTaskCommands(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel, panels: TaskPanels): void {
  const api = () => session.api;

  /** The task a command is about: from a row, an id or key, or a pick among the tasks that allow the action. */
  const resolveTask = async (arg: unknown, flag: string, verb: string): Promise<Task | undefined> => {
    const ref = isNode(arg) ? arg.ref?.taskId : typeof arg === 'string' ? arg : undefined;
    if (ref) return session.state.task(ref) ?? (await api().get_task.query({ task_id: ref }));
    const tasks = session.state.tasks;
    const candidates = tasks.filter((t) => taskFlags(t, session.selfIds, blockerKeys(t, tasks)).split(' ').includes(flag));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`Agent Coordinator: no task to ${verb}.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      candidates.map((t) => ({ label: `${t.key} ${t.title}`, description: `${STATUS_LABELS[t.status].toLowerCase()} · ${t.priority}`, task: t })),
      { title: `Task to ${verb}` },
    );
    return pick?.task;
  };

  const me = async (): Promise<string> => (await session.ensureMe()).agent_id;
  const mineOrUndefined = (task: Task): string | undefined => (task.claimed_by !== null && session.selfIds.has(task.claimed_by) ? task.claimed_by : undefined);
  /** Act as whichever of this window's agents claimed the task (the human, or the Copilot agent). */
  const actor = async (task: Task): Promise<string> => mineOrUndefined(task) ?? (await me());

  /** Says what a claim did: the task and its locks, the approval it waits for, or why nothing was claimed. */
  const reportClaim = (result: NextTaskResult, wanted: Task | undefined): Task | undefined => {
    if (!result.task) {
      const waiting = result.pending_approvals?.find((p) => p.task_id === wanted?.task_id) ?? result.pending_approvals?.[0];
      if (waiting) {
        const key = session.state.task(waiting.task_id)?.key ?? wanted?.key ?? 'The task';
        void vscode.window.showWarningMessage(`Agent Coordinator: ${key} waits for a human's approval (policy ${waiting.policy}: ${waiting.message}); it is claimed for you when approved.`);
      } else {
        const why = result.reason ?? (wanted ? 'it is not available' : 'none is open and ready for you');
        void vscode.window.showWarningMessage(`Agent Coordinator: ${wanted ? `${wanted.key} was not claimed` : 'no task was claimed'} — ${why}.`);
      }
      return undefined;
    }
    const warnings = result.warnings && result.warnings.length > 0 ? ` Policy warnings: ${result.warnings.join('; ')}.` : '';
    void vscode.window.showInformationMessage(`Agent Coordinator: you claimed ${result.task.key} ${result.task.title}${result.locks.length > 0 ? ` and locked ${plural(result.locks.length, 'file')}` : ''}.${warnings}`);
    return result.task;
  };

  const filesFromContext = (arg: unknown, selection: unknown): string[] => {
    const uris: vscode.Uri[] = Array.isArray(selection) ? selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : arg instanceof vscode.Uri ? [arg] : [];
    if (uris.length === 0) {
      const active = vscode.window.activeTextEditor?.document.uri;
      if (active) uris.push(active);
      for (const uri of vscode.window.visibleTextEditors.map((e) => e.document.uri)) if (!uris.some((u) => u.toString() === uri.toString())) uris.push(uri);
    }
    return [...new Set(uris.map(repoPathOf).filter((p): p is string => p !== null))];
  };

  registerCommands(context, log, {
    [COMMANDS.createTask]: async (arg?: unknown, selection?: unknown): Promise<Task | undefined> => {
      let input: CreateTaskArgs;
      if (isCreateArgs(arg)) {
        input = arg;
      } else {
        const title = await vscode.window.showInputBox({ title: 'New task (1/4): title', prompt: 'A short title', ignoreFocusOut: true, validateInput: (v) => (v.trim() === '' ? 'Give the task a title' : undefined) });
        if (title === undefined) return undefined;
        const description = await vscode.window.showInputBox({ title: 'New task (2/4): description', prompt: 'What should be done (optional)', ignoreFocusOut: true });
        if (description === undefined) return undefined;
        const priority = await vscode.window.showQuickPick(PRIORITIES, { title: 'New task (3/4): priority', ignoreFocusOut: true });
        if (priority === undefined) return undefined;
        const candidates = filesFromContext(arg, selection);
        let files: string[] = [];
        if (candidates.length > 0) {
          const picked = await vscode.window.showQuickPick(
            candidates.map((path, index) => ({ label: path, picked: index === 0 || Array.isArray(selection) || arg instanceof vscode.Uri })),
            { title: 'New task (4/4): files it will touch (they are locked when it is claimed)', canPickMany: true, ignoreFocusOut: true },
          );
          if (picked === undefined) return undefined;
          files = picked.map((p) => p.label);
        }
        input = { title: title.trim(), description: description.trim(), priority: priority.priority, files };
      }
      const task = await api().create_task.mutate({
        title: input.title,
        description: input.description ?? '',
        priority: input.priority ?? 'normal',
        files: [...(input.files ?? [])],
      });
      log.info(`created ${task.key} ${task.title}`);
      if (!isCreateArgs(arg)) void vscode.window.showInformationMessage(`Agent Coordinator: created ${task.key} ${task.title}.`);
      return task;
    },

    [COMMANDS.openTask]: async (arg?: unknown): Promise<Task | undefined> => {
      const task = await resolveTask(arg, 'task', 'open');
      if (task) panels.open(task);
      return task;
    },

    [COMMANDS.claimTask]: async (arg?: unknown): Promise<Task | undefined> => {
      const wanted = await resolveTask(arg, 'claimable', 'claim');
      if (!wanted) return undefined;
      // Say which tasks block it before asking the server, which would only answer that it is not claimable.
      const blockers = wanted.status === 'open' ? blockerKeys(wanted, session.state.tasks) : [];
      if (blockers.length > 0) {
        void vscode.window.showWarningMessage(`Agent Coordinator: ${wanted.key} cannot be claimed yet — ${blockedText(blockers)} (${blockers.length === 1 ? 'it is' : 'they are'} not done).`);
        return undefined;
      }
      // This very task, with locks on its files, under the same rules (and policies) as get_next_task.
      return reportClaim(await api().claim_task.mutate({ task_id: wanted.task_id, agent_id: await me() }), wanted);
    },

    [COMMANDS.claimNextTask]: async (): Promise<Task | undefined> => {
      // The server's own choice for this user's human agent (priority, dependencies, capabilities, policies),
      // the same step an AI agent takes with get_next_task.
      return reportClaim(await api().get_next_task.mutate({ agent_id: await me() }), undefined);
    },

    [COMMANDS.startTask]: async (arg?: unknown): Promise<Task | undefined> => {
      const task = await resolveTask(arg, 'startable', 'start');
      if (!task) return undefined;
      return reportPolicy(await api().update_task.mutate({ task_id: task.task_id, status: 'in_progress', agent_id: await actor(task) }));
    },

    [COMMANDS.completeTask]: async (arg?: unknown, summaryArg?: unknown): Promise<Task | undefined> => {
      const task = await resolveTask(arg, 'completable', 'complete');
      if (!task) return undefined;
      const summary = typeof summaryArg === 'string' ? summaryArg : await vscode.window.showInputBox({ title: `Complete ${task.key}`, prompt: 'Summary (optional)', ignoreFocusOut: true });
      if (summary === undefined) return undefined;
      return reportPolicy(await api().complete_task.mutate({ task_id: task.task_id, agent_id: await actor(task), ...(summary.trim() ? { summary: summary.trim() } : {}) }));
    },

    [COMMANDS.releaseTask]: async (arg?: unknown): Promise<Task | undefined> => {
      const task = await resolveTask(arg, 'releasable', 'release');
      if (!task) return undefined;
      return reportPolicy(await api().release_task.mutate({ task_id: task.task_id, agent_id: await actor(task), reason: 'released from VS Code' }));
    },

    [COMMANDS.cancelTask]: async (arg?: unknown, confirmed?: unknown): Promise<Task | undefined> => {
      const task = await resolveTask(arg, 'cancellable', 'cancel');
      if (!task) return undefined;
      const mine = mineOrUndefined(task);
      if (confirmed !== true) {
        const holder = task.claimed_by && !mine ? ` It is claimed by ${session.state.agent(task.claimed_by)?.name ?? 'another agent'}.` : '';
        const ok = await vscode.window.showWarningMessage(`Cancel ${task.key} ${task.title}?${holder} Cancelled tasks cannot be reopened.`, { modal: true }, 'Cancel Task');
        if (ok !== 'Cancel Task') return undefined;
      }
      return reportPolicy(await api().update_task.mutate({ task_id: task.task_id, status: 'cancelled', ...(mine ? { agent_id: mine } : {}) }));
    },
  });
}
