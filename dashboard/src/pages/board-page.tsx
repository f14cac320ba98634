/**
 * Board: every task in a column by status, filtered by mission, sprint, agent and priority. A task whose
 * dependencies are not all done says so and names them by key. The buttons offer the transitions of
 * TASK_TRANSITIONS a person may ask for; the server decides and its refusal is shown as it said it.
 */
import { useEffect, useState, type MouseEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Task, TaskStatus } from '@agent-coordinator/shared';
import { useClient } from '../client-context.ts';
import { KEYS } from '../live/query-keys.ts';
import { follow } from '../router.ts';
import { errorText } from '../trpc-client.ts';
import { MutationError } from './mutation-error.tsx';

const COLUMNS: readonly { readonly status: TaskStatus; readonly label: string }[] = [
  { status: 'open', label: 'Open' },
  { status: 'claimed', label: 'Claimed' },
  { status: 'in_progress', label: 'In progress' },
  { status: 'done', label: 'Done' },
  { status: 'failed', label: 'Failed' },
  { status: 'cancelled', label: 'Cancelled' },
];
const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;

/**
 * Self-contained: needs only a ClientContext and a QueryClientProvider above it (board-embed.tsx mounts
 * it so in a host of its own). `onOpenTask` replaces the in-page link to a task's page when given.
 */
export function BoardPage(props: { readonly onOpenTask?: (key: string) => void } = {}) {
  const client = useClient();
  const tasks = useQuery({ queryKey: KEYS.tasks, queryFn: () => client.list_tasks.query({ limit: 1000 }) });
  const agents = useQuery({ queryKey: KEYS.agents, queryFn: () => client.list_agents.query() });
  const missions = useQuery({ queryKey: KEYS.missions, queryFn: () => client.list_missions.query() });
  const sprints = useQuery({ queryKey: KEYS.sprints, queryFn: () => client.list_sprints.query() });
  const [filter, setFilter] = useState({ mission: '', sprint: '', agent: '', priority: '' });
  // Time to interactive, read by the browser tests and the bench: the board's tasks are on screen.
  useEffect(() => {
    if (tasks.isSuccess && performance.getEntriesByName('ac:board-ready').length === 0) performance.mark('ac:board-ready');
  }, [tasks.isSuccess]);

  const onOpenTask = props.onOpenTask;
  const open = onOpenTask
    ? (event: MouseEvent<HTMLAnchorElement>): void => {
        event.preventDefault();
        onOpenTask(event.currentTarget.dataset['key'] ?? '');
      }
    : follow;
  if (tasks.isError) return <MutationError error={errorText(tasks.error)} />;
  const all = tasks.data ?? [];
  const byId = new Map(all.map((task) => [task.task_id, task]));
  const agentName = new Map((agents.data ?? []).map((agent) => [agent.agent_id, agent.name]));
  const shown = all.filter(
    (task) =>
      (!filter.mission || task.mission_id === filter.mission) &&
      (!filter.sprint || task.sprint_id === filter.sprint) &&
      (!filter.agent || task.claimed_by === filter.agent || task.assignee === filter.agent) &&
      (!filter.priority || task.priority === filter.priority),
  );
  const select = (name: keyof typeof filter, label: string, options: readonly { readonly value: string; readonly label: string }[]) => (
    <label>
      {label}{' '}
      <select value={filter[name]} onChange={(event) => setFilter({ ...filter, [name]: event.target.value })}>
        <option value="">all</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      <h1>Board</h1>
      <div className="filters" role="group" aria-label="Filters">
        {select('mission', 'Mission', (missions.data ?? []).map((m) => ({ value: m.mission_id, label: m.name })))}
        {select('sprint', 'Sprint', (sprints.data ?? []).map((s) => ({ value: s.sprint_id, label: s.name })))}
        {select('agent', 'Agent', (agents.data ?? []).map((a) => ({ value: a.agent_id, label: a.name })))}
        {select('priority', 'Priority', PRIORITIES.map((p) => ({ value: p, label: p })))}
      </div>
      {tasks.isPending ? (
        <p className="loading">Loading tasks…</p>
      ) : (
        <div className="columns">
          {COLUMNS.map((column) => {
            const inColumn = shown.filter((task) => task.status === column.status);
            return (
              <section key={column.status} className="column" aria-labelledby={`col-${column.status}`}>
                <h2 id={`col-${column.status}`}>
                  {column.label} <span className="count">{inColumn.length}</span>
                </h2>
                <ul>
                  {inColumn.map((task) => (
                    <TaskCard key={task.task_id} task={task} byId={byId} agentName={agentName} open={open} />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}

function TaskCard(props: {
  readonly task: Task;
  readonly byId: ReadonlyMap<string, Task>;
  readonly agentName: ReadonlyMap<string, string>;
  readonly open: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const { task } = props;
  const client = useClient();
  const blockers = task.depends_on.map((id) => props.byId.get(id)).filter((dep): dep is Task => dep !== undefined && dep.status !== 'done');
  const claimant = task.claimed_by ? (props.agentName.get(task.claimed_by) ?? 'an agent') : null;
  const change = useMutation({
    mutationFn: (to: 'in_progress' | 'done' | 'failed' | 'cancelled' | 'open') =>
      to === 'open'
        ? client.release_task.mutate({ task_id: task.task_id, reason: 'released from the dashboard', force: true })
        : client.update_task.mutate({ task_id: task.task_id, status: to, ...(task.claimed_by ? { force: true } : {}) }),
  });
  const actions = transitions(task.status);
  return (
    <li className={`card priority-${task.priority}${blockers.length > 0 ? ' blocked' : ''}`} data-task-key={task.key}>
      <a href={`/tasks/${task.key}`} onClick={props.open} data-key={task.key} className="card-title">
        <span className="key">{task.key}</span> {task.title}
      </a>
      <p className="meta">
        <span className="priority">{task.priority}</span>
        {claimant && <span> · {claimant}</span>}
      </p>
      {blockers.length > 0 && (
        <p className="blockers">
          Blocked by{' '}
          {blockers.map((dep, index) => (
            <span key={dep.task_id}>
              {index > 0 && ', '}
              <a href={`/tasks/${dep.key}`} onClick={props.open} data-key={dep.key}>
                {dep.key}
              </a>
            </span>
          ))}
        </p>
      )}
      {actions.length > 0 && (
        <div className="actions">
          {actions.map((action) => (
            <button key={action.to} type="button" disabled={change.isPending} onClick={() => change.mutate(action.to)} aria-label={`${action.label} ${task.key}`}>
              {action.label}
            </button>
          ))}
        </div>
      )}
      <MutationError error={change.isError ? errorText(change.error) : change.data?.pending_approval ? `Waiting for approval: ${change.data.pending_approval.message}` : null} />
    </li>
  );
}

/** What a person may ask for from each status (claiming stays with agents: get_next_task takes the locks too). */
function transitions(status: TaskStatus): readonly { readonly to: 'in_progress' | 'done' | 'failed' | 'cancelled' | 'open'; readonly label: string }[] {
  switch (status) {
    case 'open':
      return [{ to: 'cancelled', label: 'Cancel' }];
    case 'claimed':
      return [
        { to: 'in_progress', label: 'Start' },
        { to: 'done', label: 'Done' },
        { to: 'failed', label: 'Fail' },
        { to: 'open', label: 'Reopen' },
      ];
    case 'in_progress':
      return [
        { to: 'done', label: 'Done' },
        { to: 'failed', label: 'Fail' },
        { to: 'open', label: 'Reopen' },
      ];
    default:
      return [];
  }
}
