/**
 * Run with… (issue #17): pick a task and an adapter, and the coordinator launches a headless agent on it
 * (`run_task`: the run claims the task with its files under the same rules as get_next_task). Cancel
 * Run stops a live one (`cancel_run`: the process group is interrupted, the task goes back to the queue);
 * Check Adapters asks for every adapter's health now. Arguments let tests and keybindings skip the pickers:
 * `runTaskWith(taskKeyOrRow, adapter?, { worktree? })`.
 */
import * as vscode from 'vscode';
import type { Run, Task } from '@agent-coordinator/shared';
import { COMMANDS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { isLiveRun, type RunBoard } from '../../common/run-board.ts';
import { refOf } from '../../common/view-node.ts';
import { registerCommands } from '../../platform/commands.ts';

/** `{ worktree: true }` from a caller that skips the picker. */
const worktreeOption = (options: unknown): boolean | undefined =>
  typeof options === 'object' && options !== null && 'worktree' in options && typeof options.worktree === 'boolean' ? options.worktree : undefined;

export function registerRunCommands(context: vscode.ExtensionContext, session: CoordinatorSession, board: RunBoard, log: vscode.LogOutputChannel, changed: () => void, reveal: (runId: string) => void): void {
  const pickTask = async (arg: unknown): Promise<Task | undefined> => {
    const ref = refOf(arg)?.taskId ?? (typeof arg === 'string' ? arg : undefined);
    if (ref) return session.state.task(ref) ?? (await session.api.get_task.query({ task_id: ref }));
    const open = session.state.tasks.filter((t) => t.status === 'open');
    if (open.length === 0) {
      void vscode.window.showInformationMessage('Agent Coordinator: no open task to run.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      open.map((t) => ({ label: `${t.key} ${t.title}`, description: t.priority, task: t })),
      { title: 'Run which task?' },
    );
    return pick?.task;
  };

  const pickAdapter = async (task: Task): Promise<string | undefined> => {
    if (board.adapters.length === 0) await refreshAdapters();
    const rows = board.adaptersForPick();
    if (rows.length === 0) throw new Error('the coordinator has no adapters configured (see docs/adapters.md)');
    const pick = await vscode.window.showQuickPick(
      rows.map((r) => ({ label: `${r.usable ? '$(check)' : '$(warning)'} ${r.name}`, detail: r.detail, name: r.name, usable: r.usable })),
      { title: `Run ${task.key} with…`, placeHolder: 'an adapter launches a headless agent that claims the task and its files' },
    );
    if (pick && !pick.usable) throw new Error(`adapter ${pick.name} cannot run now: ${pick.detail}`);
    return pick?.name;
  };

  const pickWorktree = async (task: Task): Promise<boolean | undefined> => {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'In a fresh worktree', detail: `a git worktree on branch ac/${task.key}; your working copy is untouched`, worktree: true },
        { label: 'In the repository', detail: 'the agent edits the files here, under the locks it takes', worktree: false },
      ],
      { title: `Where should the agent work on ${task.key}?` },
    );
    return pick?.worktree;
  };

  const refreshAdapters = async (): Promise<void> => {
    const [adapters, runs] = await Promise.all([session.api.list_adapters.query(), session.api.list_runs.query()]);
    board.load(adapters, runs);
    changed();
  };

  registerCommands(context, log, {
    [COMMANDS.runTaskWith]: async (arg?: unknown, adapterArg?: unknown, options?: unknown): Promise<Run | undefined> => {
      const task = await pickTask(arg);
      if (!task) return undefined;
      const adapter = typeof adapterArg === 'string' ? adapterArg : await pickAdapter(task);
      if (!adapter) return undefined;
      const worktree = worktreeOption(options) ?? (typeof adapterArg === 'string' ? false : await pickWorktree(task));
      if (worktree === undefined) return undefined;
      const run = await session.api.run_task.mutate({ task_id: task.task_id, adapter, worktree });
      board.apply({ type: 'run.started', run, id: 0, at: run.started_at });
      reveal(run.id);
      log.info(`run ${run.id}: ${adapter} on ${run.task_key} (${run.status})`);
      void vscode.window.showInformationMessage(`Agent Coordinator: ${adapter} is working on ${run.task_key}${run.branch ? ` on branch ${run.branch}` : ''}.`, 'Cancel Run').then(
        (pick) => pick && vscode.commands.executeCommand(COMMANDS.cancelRun, run.id),
      );
      return run;
    },
    [COMMANDS.cancelRun]: async (arg?: unknown): Promise<Run | undefined> => {
      let runId = refOf(arg)?.runId ?? (typeof arg === 'string' ? arg : undefined);
      if (!runId) {
        const live = board.runs.filter(isLiveRun);
        if (live.length === 0) {
          void vscode.window.showInformationMessage('Agent Coordinator: no run is live.');
          return undefined;
        }
        runId = (await vscode.window.showQuickPick(live.map((r) => ({ label: `${r.task_key} · ${r.adapter}`, description: r.status, id: r.id })), { title: 'Cancel which run?' }))?.id;
        if (!runId) return undefined;
      }
      const run = await session.api.cancel_run.mutate({ run_id: runId, reason: 'cancelled from VS Code' });
      board.apply({ type: 'run.finished', run, outcome: null, id: 0, at: run.ended_at ?? run.started_at });
      changed();
      log.info(`run ${run.id} cancelled: ${run.status}`);
      return run;
    },
    [COMMANDS.checkAdapters]: async (): Promise<void> => {
      await session.api.check_adapters.mutate();
      await refreshAdapters();
    },
  });
}
