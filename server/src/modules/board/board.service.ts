/** The board of the caller's project: agents with status, current task and locks; task counts by status; the open queue in claim order. */
import { ACTIVE_TASK_STATUSES, GetBoardInputSchema, TASK_STATUSES, type Board, type BoardTask, type Parsed, type Task, type TaskCounts } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Database, Sql } from '../../db/database.ts';
import { AGENT_COLUMNS, agentFromRow } from '../agent/agent.rows.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { CLAIM_ORDER, TASK_COLUMNS, taskFromRow } from '../task/task.rows.ts';

const boardTask = (t: Task): BoardTask => ({
  task_id: t.task_id,
  key: t.key,
  title: t.title,
  priority: t.priority,
  status: t.status,
  assignee: t.assignee,
  files: t.files,
});

/** The board as get_task_board gives it when asked for nothing in particular (the schema's defaults). */
const WHOLE_BOARD: Parsed<typeof GetBoardInputSchema> = GetBoardInputSchema.parse({});

export class BoardService {
  readonly #db: Database;
  readonly #livenessTimeoutSeconds: number;
  readonly #locks = new LockRepository();

  constructor(db: Database, livenessTimeoutSeconds: number) {
    this.#db = db;
    this.#livenessTimeoutSeconds = livenessTimeoutSeconds;
  }

  /** `sql`: read inside a caller's transaction (the resync snapshot reads board, locks and log head in one). */
  async board(actor: Actor, input: Parsed<typeof GetBoardInputSchema> = WHOLE_BOARD, sql: Sql = this.#db): Promise<Board> {
    const [agentRows, activeRows, countRows, queueRows, locks] = await Promise.all([
      sql.query(`select ${AGENT_COLUMNS} from agents a where a.project = $1 order by a.name`, [actor.project]),
      sql.query(`select ${TASK_COLUMNS} from tasks t where t.project = $1 and t.status = any($2::text[]) order by t.claimed_at desc`, [actor.project, ACTIVE_TASK_STATUSES]),
      sql.query(`select status, count(*)::int as n from tasks where project = $1 group by status`, [actor.project]),
      sql.query(`select ${TASK_COLUMNS} from tasks t where t.project = $2 and t.status = 'open' order by ${CLAIM_ORDER} limit $1`, [input.queue_limit, actor.project]),
      this.#locks.live(sql, actor.project),
    ]);
    const active = activeRows.map(taskFromRow);
    const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<keyof TaskCounts, number>;
    for (const row of countRows) counts[String(row['status']) as keyof TaskCounts] = Number(row['n']);
    return {
      agents: agentRows.map((row) => {
        const agent = agentFromRow(row, this.#livenessTimeoutSeconds);
        const current = active.find((t) => t.claimed_by === agent.agent_id);
        return {
          agent_id: agent.agent_id,
          name: agent.name,
          kind: agent.kind,
          status: agent.status,
          capabilities: agent.capabilities,
          last_heartbeat_at: agent.last_heartbeat_at,
          current_task: current ? boardTask(current) : null,
          locks: locks.filter((l) => l.held_by_id === agent.agent_id).map((l) => l.path),
        };
      }),
      tasks: counts,
      queue: queueRows.map(taskFromRow).map(boardTask),
    };
  }
}
