/**
 * The task commands: `create-task` (fields as `key=value` pairs), `get-next-task` (claim the best task
 * and lock its files in one step) and `claim-task KEY` (the same for one named task), `update-task`
 * (start: in progress), `complete-task` and `release-task` on a claimed task, and `list-tasks`. Inputs are checked with the shared schemas before sending, so a bad field fails with the same
 * message the server would give, without a round trip.
 */
import { ClaimTaskInputSchema, CreateTaskInputSchema, ListTasksInputSchema, parseInput, type NextTaskResult, type Task } from '@agent-coordinator/shared';
import { noExtra, parsePairs, splitList, UsageError } from './args.ts';
import { parseCommand, type Session } from './client.ts';
import { list, show, table, truncate } from './output.ts';
import { failIfPending, pendingText, printWarnings } from './policy-output.ts';

const CREATE_KEYS = ['priority', 'files', 'caps', 'depends', 'assignee', 'mission', 'sprint'] as const;

const taskLabel = (task: Task): string => `${task.key} ${task.title} (${task.priority})`;

export async function createTaskCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const [title, ...rest] = args.positionals;
  if (title === undefined) throw new UsageError('give the task a title: agent-coordinator create-task TITLE [DESCRIPTION] [priority=high] ...');
  // Anything shaped like key=value is a field (a misspelt key is refused rather than taken as the description).
  const hasDescription = rest[0] !== undefined && !/^[a-z][a-z_-]*=/.test(rest[0]);
  const pairs = parsePairs(hasDescription ? rest.slice(1) : rest, CREATE_KEYS);
  const input = parseInput('create_task', CreateTaskInputSchema, {
    title,
    description: hasDescription ? rest[0] : '',
    capabilities: splitList(pairs.caps),
    files: splitList(pairs.files),
    depends_on: splitList(pairs.depends),
    ...(pairs.priority !== undefined ? { priority: pairs.priority } : {}),
    ...(pairs.assignee !== undefined ? { assignee: pairs.assignee } : {}),
    ...(pairs.mission !== undefined ? { mission_id: pairs.mission } : {}),
    ...(pairs.sprint !== undefined ? { sprint_id: pairs.sprint } : {}),
  });
  const task = await session.call((c) => c.create_task.mutate(input));
  printWarnings(task);
  show(session, task, () => `created ${taskLabel(task)}${task.files.length > 0 ? ` — files: ${list(task.files)}` : ''}`);
}

export async function getNextTaskCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  noExtra(args.positionals);
  const agentId = (await session.agent()).ref;
  const result = await session.call((c) => c.get_next_task.mutate({ agent_id: agentId }));
  showClaim(session, result);
}

/** Claims one named task (with the same rules and locks as get-next-task). */
export async function claimTaskCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { asAgent: true });
  const [key] = args.positionals;
  if (key === undefined) throw new UsageError('give the task key: agent-coordinator claim-task KEY');
  noExtra(args.positionals, 1);
  const input = parseInput('claim_task', ClaimTaskInputSchema, { task_id: key, agent_id: (await session.agent()).ref });
  const result = await session.call((c) => c.claim_task.mutate(input));
  showClaim(session, result);
}

function showClaim(session: Session, result: NextTaskResult): void {
  printWarnings(result);
  show(session, result, () => {
    const waiting = (result.pending_approvals ?? []).map((p) => `\n${pendingText(p)}`).join('');
    if (!result.task) return `nothing to do: ${result.reason ?? 'no task available'}${waiting}`;
    const locked = result.locks.map((l) => l.path);
    return `claimed ${taskLabel(result.task)}${locked.length > 0 ? ` — locked: ${list(locked)}` : ''}${waiting}`;
  });
}

export async function updateTaskCommand(argv: readonly string[]): Promise<void> {
  const { key, text, force, session } = keyAndText(argv, 'update-task KEY [NOTE...] [--force]');
  const agentId = (await session.agent()).ref;
  const task = await session.call((c) =>
    c.update_task.mutate({ task_id: key, status: 'in_progress', agent_id: agentId, ...(text ? { progress_note: text } : {}), ...(force ? { force } : {}) }),
  );
  printWarnings(task);
  show(session, task, () => (task.pending_approval ? pendingText(task.pending_approval) : `started ${taskLabel(task)}`));
  failIfPending(task.pending_approval, `starting ${task.key}`);
}

export async function completeTaskCommand(argv: readonly string[]): Promise<void> {
  const { key, text, force, session } = keyAndText(argv, 'complete-task KEY [SUMMARY...] [--force]');
  const agentId = (await session.agent()).ref;
  const task = await session.call((c) =>
    c.complete_task.mutate({ task_id: key, agent_id: agentId, ...(text ? { summary: text } : {}), ...(force ? { force } : {}) }),
  );
  printWarnings(task);
  show(session, task, () => (task.pending_approval ? pendingText(task.pending_approval) : `completed ${taskLabel(task)}`));
  failIfPending(task.pending_approval, `completing ${task.key}`);
}

export async function releaseTaskCommand(argv: readonly string[]): Promise<void> {
  const { key, text, force, session } = keyAndText(argv, 'release-task KEY [REASON...] [--force]');
  const agentId = (await session.agent()).ref;
  const task = await session.call((c) => c.release_task.mutate({ task_id: key, agent_id: agentId, ...(text ? { reason: text } : {}), ...(force ? { force } : {}) }));
  printWarnings(task);
  show(session, task, () => (task.pending_approval ? pendingText(task.pending_approval) : `released ${taskLabel(task)} — it is ${task.status} again`));
  failIfPending(task.pending_approval, `releasing ${task.key}`);
}

export async function listTasksCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const [status] = args.positionals;
  noExtra(args.positionals, 1);
  const input = parseInput('list_tasks', ListTasksInputSchema, status === undefined ? {} : { status });
  const [tasks, agents] = await session.call((c) => Promise.all([c.list_tasks.query(input), c.list_agents.query()]));
  const names = new Map(agents.map((a) => [a.agent_id, a.name]));
  const agentOf = (task: Task): string => {
    const id = task.claimed_by ?? task.assignee;
    return id === null ? '-' : (names.get(id) ?? id);
  };
  show(session, tasks, () =>
    tasks.length === 0
      ? `no ${status === undefined ? '' : `${status} `}tasks`
      : table(
          ['key', 'status', 'priority', 'title', 'agent', 'files'],
          tasks.map((t) => [t.key, t.status, t.priority, truncate(t.title), agentOf(t), truncate(list(t.files))]),
        ),
  );
}

function keyAndText(argv: readonly string[], usage: string): { key: string; text: string; force: boolean; session: Session } {
  const { args, session } = parseCommand(argv, { asAgent: true, booleans: ['force'] });
  const [key, ...words] = args.positionals;
  if (key === undefined) throw new UsageError(`give the task key: agent-coordinator ${usage}`);
  // --force: a human (an agent registered with --kind human) takes over a task another agent claimed; audited.
  return { key, text: words.join(' ').trim(), force: args.booleans.has('force'), session };
}
