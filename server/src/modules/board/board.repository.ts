/**
 * What the board shows of a project, read from the agent and task tables: the agents with their derived
 * status, the tasks in progress (whose claimant's current task they are), the task counts by status and
 * the open queue in claim order. A read model kept beside its one reader (board.service.ts), one
 * statement per part, typed from the agent and task entities through the ORM's Kysely.
 *
 * The task and agent entities type `status`, `priority` and `kind` as text (task.entity.ts, agent.entity.ts):
 * the statements narrow them to the domain unions the columns' check constraints hold.
 */
import { sql as raw } from 'kysely';
import { ACTIVE_TASK_STATUSES, type AgentKind, type AgentStatus, type BoardTask, type Priority, type TaskCounts, type TaskStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { textListLiteral } from '../../db/sql-literal.ts';
import { taskKey } from '../task/task.rows.ts';

/** An agent as the board lists it, before its current task and locks are added. */
export interface BoardAgentRow {
  readonly agent_id: string;
  readonly name: string;
  readonly kind: AgentKind;
  readonly status: AgentStatus;
  readonly capabilities: string[];
  readonly last_heartbeat_at: string;
}

/** A task in progress and who claimed it. */
export interface ActiveBoardTask extends BoardTask {
  readonly claimed_by: string | null;
}

/**
 * An agent's status as agent.rows.ts derives it: offline once marked so, busy with a task in progress,
 * else idle. The statuses are the code's constants, written as literals so the subquery keeps the
 * predicate of the `tasks_claimed_by` partial index.
 */
const agentStatus = raw<AgentStatus>`case when a.offline_at is not null then 'offline'
  when exists (select 1 from tasks t where t.claimed_by_id = a.id and t.status in ${raw.raw(textListLiteral(ACTIVE_TASK_STATUSES))}) then 'busy'
  else 'idle' end`;

const BOARD_TASK_COLUMNS = ['t.id', 't.key_number', 't.title', 't.priority', 't.status', 't.assignee_id', 't.files', 't.claimed_by_id'] as const;

const selectBoardTasks = (sql: Sql, project: string) =>
  sql.db.selectFrom('tasks as t').select(BOARD_TASK_COLUMNS).where('t.project', '=', project).$narrowType<{ priority: Priority; status: TaskStatus }>();

type BoardTaskRow = Awaited<ReturnType<ReturnType<typeof selectBoardTasks>['executeTakeFirstOrThrow']>>;

const boardTaskFromRow = (row: BoardTaskRow): BoardTask => ({
  task_id: row.id,
  key: taskKey(row.key_number),
  title: row.title,
  priority: row.priority,
  status: row.status,
  assignee: row.assignee_id,
  files: [...row.files],
});

export class BoardRepository {
  /** The project's agents by name. */
  async agents(sql: Sql, project: string): Promise<BoardAgentRow[]> {
    const rows = await sql.db
      .selectFrom('agents as a')
      .select(['a.id', 'a.name', 'a.kind', 'a.capabilities', 'a.last_heartbeat_at', agentStatus.as('status')])
      .where('a.project', '=', project)
      .orderBy('a.name')
      .$narrowType<{ kind: AgentKind }>()
      .execute();
    return rows.map((row) => ({ agent_id: row.id, name: row.name, kind: row.kind, status: row.status, capabilities: [...row.capabilities], last_heartbeat_at: row.last_heartbeat_at }));
  }

  /** The project's tasks in progress, the most recently claimed first. */
  async activeTasks(sql: Sql, project: string): Promise<ActiveBoardTask[]> {
    const rows = await selectBoardTasks(sql, project)
      .where('t.status', '=', (eb) => eb.fn.any(eb.val([...ACTIVE_TASK_STATUSES])))
      .orderBy('t.claimed_at', 'desc')
      .execute();
    return rows.map((row) => ({ ...boardTaskFromRow(row), claimed_by: row.claimed_by_id }));
  }

  /** How many of the project's tasks are in each status (zero for a status none is in). */
  async countsByStatus(sql: Sql, project: string): Promise<TaskCounts> {
    const rows = await sql.db
      .selectFrom('tasks')
      .select(['status', raw<number>`count(*)::int`.as('n')])
      .where('project', '=', project)
      .groupBy('status')
      .$narrowType<{ status: TaskStatus }>()
      .execute();
    const counts = { open: 0, claimed: 0, in_progress: 0, done: 0, failed: 0, cancelled: 0 } satisfies Record<TaskStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** The first `limit` open tasks in the order get_next_task considers them (task.rows.ts's CLAIM_ORDER). */
  async openQueue(sql: Sql, project: string, limit: number): Promise<BoardTask[]> {
    const rows = await selectBoardTasks(sql, project)
      // A literal, as the `tasks_open_queue` partial index's predicate is.
      .where('t.status', '=', raw.lit('open'))
      .orderBy('t.priority_rank', 'desc')
      .orderBy('t.created_at')
      .orderBy('t.key_number')
      .limit(limit)
      .execute();
    return rows.map(boardTaskFromRow);
  }
}
