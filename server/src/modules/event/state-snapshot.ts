/**
 * The state a resyncing subscriber reloads: board, live locks and active tasks, read in one
 * repeatable-read transaction together with the log's head, so the snapshot reflects every event up
 * to `as_of` (events are numbered after their change commits, so it may also reflect a few after it;
 * replaying those is harmless, every event carries whole objects). A snapshot is of one project.
 */
import type { Lock, StateSnapshot, Task } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Database, Sql } from '../../db/database.ts';
import type { BoardService } from '../board/board.service.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { SnapshotRepository } from './snapshot.repository.ts';

export type SnapshotReader = (actor: Actor) => Promise<StateSnapshot>;

/** The reads of a snapshot besides the board (snapshot.repository.ts, and the lock repository's live locks). */
export interface SnapshotReads {
  repeatableRead(sql: Sql): Promise<void>;
  logHead(sql: Sql): Promise<number>;
  activeTasks(sql: Sql, project: string): Promise<Task[]>;
  liveLocks(sql: Sql, project: string): Promise<Lock[]>;
}

export function stateSnapshotReader(db: Database, board: BoardService, reads: SnapshotReads = snapshotReads()): SnapshotReader {
  return (actor) =>
    db.transaction(async (sql) => {
      await reads.repeatableRead(sql);
      const asOf = await reads.logHead(sql);
      const [current, live, active] = await Promise.all([board.getTaskBoard(actor, undefined, sql), reads.liveLocks(sql, actor.project), reads.activeTasks(sql, actor.project)]);
      return { as_of: asOf, board: current, locks: live, active_tasks: active };
    });
}

function snapshotReads(): SnapshotReads {
  const snapshot = new SnapshotRepository();
  const locks = new LockRepository();
  return {
    repeatableRead: (sql) => snapshot.repeatableRead(sql),
    logHead: (sql) => snapshot.logHead(sql),
    activeTasks: (sql, project) => snapshot.activeTasks(sql, project),
    liveLocks: (sql, project) => locks.live(sql, project),
  };
}
