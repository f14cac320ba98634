/**
 * Adapters and runs as the Agents view shows them (issue #17): each configured adapter with its health,
 * the live runs (with a Cancel action) and the last few finished ones. Loaded with `list_adapters` and
 * `list_runs` when the connection comes up, then kept current from the event stream
 * (`adapter.health_changed`, `run.started`, `run.finished`). No `vscode` here.
 *
 * Decisions: finished runs stay visible (the newest `FINISHED_SHOWN`) so a run that ends between two
 * glances still says how it ended; an adapter whose health was never checked says so rather than
 * pretending to be usable.
 */
import { isAdapterUsable, type AdapterHealth, type Run, type StreamMessage } from '@agent-coordinator/shared';
import { clockTime } from './format.ts';
import type { ViewNode } from './view-node.ts';

export interface AdapterRow {
  readonly name: string;
  readonly kind: string;
  readonly health: AdapterHealth | null;
  readonly checked_at: string | null;
}

export const FINISHED_SHOWN = 5;
const LIVE: readonly Run['status'][] = ['waiting_approval', 'starting', 'running'];

export const isLiveRun = (run: Run): boolean => LIVE.includes(run.status);

/** "installed 2.1.3 · not logged in" — one line for an adapter's health. */
export function healthText(health: AdapterHealth | null): string {
  if (!health) return 'not checked yet';
  return health.reason;
}

export class RunBoard {
  #adapters = new Map<string, AdapterRow>();
  #runs = new Map<string, Run>();

  get adapters(): readonly AdapterRow[] {
    return [...this.#adapters.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get runs(): readonly Run[] {
    return [...this.#runs.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
  }

  run(id: string): Run | undefined {
    return this.#runs.get(id);
  }

  load(adapters: readonly AdapterRow[], runs: readonly Run[]): void {
    this.#adapters = new Map(adapters.map((a) => [a.name, a]));
    this.#runs = new Map(runs.map((r) => [r.id, r]));
  }

  clear(): void {
    this.load([], []);
  }

  /** Applies one event; true when something shown changed. */
  apply(message: StreamMessage): boolean {
    switch (message.type) {
      case 'adapter.health_changed': {
        const known = this.#adapters.get(message.adapter);
        this.#adapters.set(message.adapter, { name: message.adapter, kind: known?.kind ?? message.adapter, health: message.health, checked_at: message.at });
        return true;
      }
      case 'run.started':
      case 'run.finished':
        this.#runs.set(message.run.id, message.run);
        return true;
      default:
        return false;
    }
  }

  /** The adapters usable now, then the others (a quick pick's order). */
  adaptersForPick(): readonly { readonly name: string; readonly usable: boolean; readonly detail: string }[] {
    return this.adapters
      .map((a) => ({ name: a.name, usable: a.health !== null && isAdapterUsable(a.health), detail: healthText(a.health) }))
      .sort((a, b) => Number(b.usable) - Number(a.usable) || a.name.localeCompare(b.name));
  }
}

const RUN_ICONS: Readonly<Record<Run['status'], { id: string; color?: string }>> = {
  starting: { id: 'loading~spin' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  succeeded: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  cancelled: { id: 'circle-slash' },
  lost: { id: 'question' },
  waiting_approval: { id: 'watch', color: 'charts.yellow' },
  rejected: { id: 'circle-slash' },
};

/** Two group rows for the Agents view, after the agents: Runs (live, then recent) and Adapters (health). */
export function buildRunNodes(board: RunBoard): ViewNode[] {
  const adapters = board.adapters.map(
    (a): ViewNode => {
      const usable = a.health !== null && isAdapterUsable(a.health);
      return {
        id: `adapter/${a.name}`,
        label: a.name,
        description: healthText(a.health),
        tooltip: `${a.name} (${a.kind}): ${healthText(a.health)}${a.checked_at ? `\nchecked ${clockTime(a.checked_at)}` : ''}`,
        icon: a.health === null ? { id: 'circle-outline' } : usable ? { id: 'check', color: 'testing.iconPassed' } : { id: 'warning', color: 'list.warningForeground' },
        contextValue: `adapter${usable ? ' usable' : ''}`,
      };
    },
  );
  const live = board.runs.filter(isLiveRun);
  const finished = board.runs.filter((r) => !isLiveRun(r)).slice(0, FINISHED_SHOWN);
  const runs = [...live, ...finished].map(
    (r): ViewNode => ({
      id: `run/${r.id}`,
      label: `${r.task_key} · ${r.adapter}`,
      description: `${r.status}${r.ended_at ? ` ${clockTime(r.ended_at)}` : ` since ${clockTime(r.started_at)}`}${r.reason ? ` · ${r.reason}` : ''}`,
      tooltip: [`run ${r.id} of ${r.task_key} by ${r.agent_name} (${r.adapter})`, `status: ${r.status}`, r.branch ? `branch ${r.branch}` : `in ${r.workspace}`, `log: ${r.log_file}`, r.reason ?? '']
        .filter(Boolean)
        .join('\n'),
      icon: RUN_ICONS[r.status],
      contextValue: `run${isLiveRun(r) ? ' liveRun' : ''}`,
      action: { kind: 'openTask', taskId: r.task_id },
      ref: { taskId: r.task_id, runId: r.id },
    }),
  );
  const usable = board.adapters.filter((a) => a.health !== null && isAdapterUsable(a.health)).length;
  // Runs first: what is happening now matters more than which adapters could run.
  return [
    {
      id: 'group/runs',
      label: 'Runs',
      description: live.length > 0 ? `${live.length} live` : 'none live',
      icon: { id: 'run-all' },
      contextValue: 'runs',
      children: runs,
      expanded: true,
    },
    {
      id: 'group/adapters',
      label: 'Adapters',
      description: `${usable} of ${board.adapters.length} usable`,
      icon: { id: 'plug' },
      contextValue: 'adapters',
      children: adapters,
      expanded: true,
    },
  ];
}
