/**
 * `get-task-board [--queue N]` (alias `board`): the whole coordinator at a glance — each agent with its
 * status, current task and locks, one line of task counts, then the open queue in the order
 * `get-next-task` hands tasks out.
 */
import type { Board } from '@agent-coordinator/shared';
import { noExtra } from './args.ts';
import { parseCommand } from './client.ts';
import { list, show, table, truncate } from './output.ts';

export async function getTaskBoardCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['queue'] });
  noExtra(args.positionals);
  const queue = args.values.get('queue');
  const board = await session.call((c) => c.get_task_board.query(queue === undefined ? {} : { queue_limit: Number(queue) }));
  show(session, board, () => formatBoard(board));
}

function formatBoard(board: Board): string {
  const agents =
    board.agents.length === 0
      ? 'no agents registered'
      : table(
          ['agent', 'kind', 'status', 'task', 'locks'],
          board.agents.map((a) => [a.name, a.kind, a.status, a.current_task ? truncate(`${a.current_task.key} ${a.current_task.title}`) : '-', truncate(list(a.locks))]),
        );
  const t = board.tasks;
  const counts = `tasks: ${t.open} open, ${t.claimed} claimed, ${t.in_progress} in progress, ${t.done} done, ${t.failed} failed, ${t.cancelled} cancelled`;
  const queue =
    board.queue.length === 0
      ? 'queue: empty'
      : `queue:\n${table(
          ['key', 'priority', 'title', 'files'],
          board.queue.map((q) => [q.key, q.priority, truncate(q.title), truncate(list(q.files))]),
        )}`;
  return [agents, '', counts, '', queue].join('\n');
}
