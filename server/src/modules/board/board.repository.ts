/**
 * What the board shows of a project, read from the agent and task tables: the agents with their derived
 * status, the tasks in progress (whose claimant's current task they are), the task counts by status and
 * the open queue in claim order. A read model kept beside its one reader (board.service.ts), one
 * statement per part, typed from the agent and task entities through the ORM's Kysely.
 */
import { sql as raw } from 'kysely';
import { ACTIVE_TASK_STATUSES, type AgentKind, type AgentStatus, type BoardTask, type TaskCounts, type TaskStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { AGENT_STATUS } from '../agent/agent.rows.ts';
import { taskKey } from '../../common/task-key.ts';

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

/** An agent's derived status, as every agent statement reads it (agent.rows.ts). */
const agentStatus = raw.raw<AgentStatus>(AGENT_STATUS);

const BOARD_TASK_COLUMNS = ['t.id', 't.key_number', 't.title', 't.priority', 't.status', 't.assignee_id', 't.files', 't.claimed_by_id'] as const;

const selectBoardTasks = (sql: Sql, project: string) =>
  sql.db.selectFrom('tasks as t').select(BOARD_TASK_COLUMNS).where('t.project', '=', project);

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
