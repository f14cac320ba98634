/**
 * Runs and adapters from the shell: `run-task T-7 --adapter command:aider [--worktree] [--wait]` launches
 * an agent on a task through the server (the server claims, watches and settles it), `list-runs` lists
 * runs and `get-run RUN_ID` shows one, `get-run-output RUN_ID` prints the end of its output log,
 * `cancel-run RUN_ID` stops one (its task goes back to the queue), `adapters [--check]` lists the adapters
 * with their health.
 */
import type { AdapterHealth, Run } from '@agent-coordinator/shared';
import { noExtra, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { show, table, truncate } from './output.ts';

const describeRun = (run: Run): string =>
  [
    `run ${run.id}: ${run.status} — ${run.task_key} by ${run.agent_name} (${run.adapter})`,
    `workspace: ${run.workspace}${run.branch ? ` on branch ${run.branch}` : ''}`,
    `log: ${run.log_file}`,
    ...(run.reason ? [`reason: ${run.reason}`] : []),
    ...(run.status === 'waiting_approval' ? [`held by a policy: it starts once a human approves ${run.approval_id ?? ''} (agent-coordinator list-approvals)`] : []),
  ].join('\n');

export async function runTaskCommand(argv: readonly string[]): Promise<void | number> {
  const { args, session } = parseCommand(argv, { values: ['adapter', 'agent-name', 'time-limit'], booleans: ['worktree', 'wait'] });
  const [task, ...rest] = args.positionals;
  noExtra(rest);
  const adapter = args.values.get('adapter');
  if (!task || !adapter) throw new UsageError('usage: run-task TASK --adapter NAME [--worktree] [--wait]; see `agent-coordinator adapters` for the names');
  const agentName = args.values.get('agent-name');
  const timeLimit = args.values.get('time-limit');
  let run = await session.call((c) =>
    c.run_task.mutate({
      task_id: task,
      adapter,
      ...(args.booleans.has('worktree') ? { worktree: true } : {}),
      ...(agentName ? { agent_name: agentName } : {}),
      ...(timeLimit ? { time_limit_seconds: Number(timeLimit) } : {}),
    }),
  );
  if (args.booleans.has('wait')) {
    // --wait also waits through a policy's hold: the run starts, or ends rejected, when a human decides.
    while (run.status === 'running' || run.status === 'starting' || run.status === 'waiting_approval') {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const id = run.id;
      run = await session.call((c) => c.get_run.query({ run_id: id }));
    }
  }
  show(session, run, () => describeRun(run));
  return args.booleans.has('wait') && run.status !== 'succeeded' ? 1 : undefined;
}

export async function getRunCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const [id, ...rest] = args.positionals;
  noExtra(rest);
  if (!id) throw new UsageError('usage: get-run RUN_ID');
  const run = await session.call((c) => c.get_run.query({ run_id: id }));
  show(session, run, () => describeRun(run));
}

export async function listRunsCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  noExtra(args.positionals);
  const runs = await session.call((c) => c.list_runs.query());
  show(session, runs, () =>
    runs.length === 0 ? 'no runs' : table(['run', 'task', 'adapter', 'status', 'started', 'reason'], runs.map((r) => [r.id.slice(0, 8), r.task_key, r.adapter, r.status, r.started_at, truncate(r.reason ?? '-')])),
  );
}

export async function getRunOutputCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['max-bytes'] });
  const [id, ...rest] = args.positionals;
  noExtra(rest);
  if (!id) throw new UsageError('usage: get-run-output RUN_ID [--max-bytes N]');
  const maxBytes = args.values.get('max-bytes');
  const output = await session.call((c) => c.get_run_output.query({ run_id: id, ...(maxBytes ? { max_bytes: Number(maxBytes) } : {}) }));
  show(session, output, () =>
    [...(output.truncated ? [`(earlier output left out; the whole log is the run's log file, see \`agent-coordinator get-run ${output.run_id}\`)`] : []), output.text === '' ? '(no output yet)' : output.text.trimEnd()].join('\n'),
  );
}

export async function cancelRunCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['reason'] });
  const [id, ...rest] = args.positionals;
  noExtra(rest);
  if (!id) throw new UsageError('usage: cancel-run RUN_ID [--reason TEXT]');
  const reason = args.values.get('reason');
  const run = await session.call((c) => c.cancel_run.mutate({ run_id: id, ...(reason ? { reason } : {}) }));
  show(session, run, () => describeRun(run));
}

const healthText = (health: AdapterHealth | null): string =>
  health === null ? 'not checked yet' : `${health.installed ? 'installed' : 'not installed'}${health.version ? ` ${health.version}` : ''}, logged in: ${String(health.authenticated)} — ${health.reason}`;

export async function adaptersCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { booleans: ['check'] });
  noExtra(args.positionals);
  const adapters = await session.call((c) => (args.booleans.has('check') ? c.check_adapters.mutate() : c.list_adapters.query()));
  show(session, adapters, () => (adapters.length === 0 ? 'no adapters: configure command adapters in .agent-coordinator/adapters.json' : table(['adapter', 'kind', 'health'], adapters.map((a) => [a.name, a.kind, healthText(a.health)]))));
}
