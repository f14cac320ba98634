/**
 * The state a resyncing subscriber reloads: board, live locks and active tasks, read in one
 * repeatable-read transaction together with the log's head, so the snapshot reflects every event up
 * to `as_of` (events are numbered after their change commits, so it may also reflect a few after it;
 * replaying those is harmless, every event carries whole objects). A snapshot is of one project.
 */
import { ACTIVE_TASK_STATUSES, type StateSnapshot } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Database } from '../../db/database.ts';
import { int } from '../../db/row-values.ts';
import type { BoardService } from '../board/board.service.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { TASK_COLUMNS, taskFromRow } from '../task/task.rows.ts';

export type SnapshotReader = (actor: Actor) => Promise<StateSnapshot>;

export function stateSnapshotReader(db: Database, board: BoardService): SnapshotReader {
  const locks = new LockRepository();
  return (actor) =>
    db.transaction(async (sql) => {
      await sql.query('set transaction isolation level repeatable read');
      const [cursor] = await sql.query(`select last_seq from event_cursor`);
      const [current, live, active] = await Promise.all([
        board.board(actor, undefined, sql),
        locks.live(sql, actor.project),
        sql.query(`select ${TASK_COLUMNS} from tasks t where t.project = $1 and t.status = any($2::text[]) order by t.claimed_at`, [actor.project, ACTIVE_TASK_STATUSES]),
      ]);
      return { as_of: int(cursor?.['last_seq'] ?? 0), board: current, locks: live, active_tasks: active.map(taskFromRow) };
    });
}
