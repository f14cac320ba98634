/** The board of the caller's project: agents with status, current task and locks; task counts by status; the open queue in claim order. */
import { GetBoardInputSchema, type Board, type BoardTask, type Lock, type Parsed, type TaskCounts } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Database, Sql } from '../../db/database.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { BoardRepository, type ActiveBoardTask, type BoardAgentRow } from './board.repository.ts';

/** The reads a board is made of, one statement each (board.repository.ts, and the lock repository's live locks). */
export interface BoardReads {
  agents(sql: Sql, project: string): Promise<BoardAgentRow[]>;
  activeTasks(sql: Sql, project: string): Promise<ActiveBoardTask[]>;
  countsByStatus(sql: Sql, project: string): Promise<TaskCounts>;
  openQueue(sql: Sql, project: string, limit: number): Promise<BoardTask[]>;
  liveLocks(sql: Sql, project: string): Promise<Lock[]>;
}

const boardTask = ({ claimed_by: _, ...task }: ActiveBoardTask): BoardTask => task;

/** The board as get_task_board gives it when asked for nothing in particular (the schema's defaults). */
const WHOLE_BOARD: Parsed<typeof GetBoardInputSchema> = GetBoardInputSchema.parse({});

export class BoardService {
  readonly #db: Database;
  readonly #reads: BoardReads;

  constructor(db: Database, reads: BoardReads = boardReads()) {
    this.#db = db;
    this.#reads = reads;
  }

  /** `sql`: read inside a caller's transaction (the resync snapshot reads board, locks and log head in one). */
  async getTaskBoard(actor: Actor, input: Parsed<typeof GetBoardInputSchema> = WHOLE_BOARD, sql: Sql = this.#db): Promise<Board> {
    const [agents, active, counts, queue, locks] = await Promise.all([
      this.#reads.agents(sql, actor.project),
      this.#reads.activeTasks(sql, actor.project),
      this.#reads.countsByStatus(sql, actor.project),
      this.#reads.openQueue(sql, actor.project, input.queue_limit),
      this.#reads.liveLocks(sql, actor.project),
    ]);
    return {
      agents: agents.map((agent) => {
        const current = active.find((t) => t.claimed_by === agent.agent_id);
        return {
          ...agent,
          current_task: current ? boardTask(current) : null,
          locks: locks.filter((l) => l.held_by_id === agent.agent_id).map((l) => l.path),
        };
      }),
      tasks: counts,
      queue,
    };
  }
}

/** The board's statements and the lock repository's live locks, as one `BoardReads`. */
function boardReads(): BoardReads {
  const board = new BoardRepository();
  const locks = new LockRepository();
  return {
    agents: (sql, project) => board.agents(sql, project),
    activeTasks: (sql, project) => board.activeTasks(sql, project),
    countsByStatus: (sql, project) => board.countsByStatus(sql, project),
    openQueue: (sql, project, limit) => board.openQueue(sql, project, limit),
    liveLocks: (sql, project) => locks.live(sql, project),
  };
}
