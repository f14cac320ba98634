/**
 * Leases as fencing sees them: a lease by its fencing token (a live lock, or one that ended and is
 * kept in `lock_history`), and who holds a path now. Reads the lock table (file-lock.entity.ts) and the
 * guard's lock history (guard.entity.ts), typed from those entities; writing a lease (the guard's
 * extension of a writer's own) is the lock repository's (`LockRepository.extend`). Leases are compared
 * with `clock_timestamp()`, not the transaction's start (fencing.ts).
 */
import { sql as raw } from 'kysely';
import type { Sql } from '../../db/database.ts';

/** A lease found by its fencing token. */
export interface Lease {
  readonly path: string;
  readonly agentId: string;
  readonly taskId: string | null;
  readonly expiresAt: string;
  /** When it ended before its expiry (released); null when it expired or is still current. */
  readonly releasedAt: string | null;
  readonly live: boolean;
}

/** Another agent's live lock on a path. */
export interface Holder {
  readonly name: string;
  readonly fencingToken: number;
  readonly expiresAt: string;
  readonly taskKeyNumber: number | null;
}

const clockTimestamp = raw<string>`clock_timestamp()`;

export class LeaseRepository {
  /** The project's lease with this token: the current lock, else the ended one; null when neither (any more). */
  async byToken(sql: Sql, project: string, token: number): Promise<Lease | null> {
    const current = await sql.db
      .selectFrom('file_locks')
      .select(['path', 'agent_id', 'task_id', 'expires_at'])
      .select((eb) => eb('expires_at', '>', clockTimestamp).as('live'))
      .where('fencing_token', '=', token)
      .where('project', '=', project)
      .executeTakeFirst();
    if (current) return { path: current.path, agentId: current.agent_id, taskId: current.task_id, expiresAt: current.expires_at, releasedAt: null, live: current.live === true };
    const ended = await sql.db
      .selectFrom('lock_history')
      .select(['path', 'agent_id', 'task_id', 'expires_at', 'ended_at'])
      .where('fencing_token', '=', token)
      .where('project', '=', project)
      .executeTakeFirst();
    if (!ended) return null;
    const releasedAt = ended.ended_at < ended.expires_at ? ended.ended_at : null;
    return { path: ended.path, agentId: ended.agent_id, taskId: ended.task_id, expiresAt: ended.expires_at, releasedAt, live: false };
  }

  /** The newest live lock on the path held by an agent other than `agentId`, or null. */
  async otherHolder(sql: Sql, project: string, path: string, agentId: string): Promise<Holder | null> {
    const row = await sql.db
      .selectFrom('file_locks as l')
      .innerJoin('agents as a', 'a.id', 'l.agent_id')
      .leftJoin('tasks as tk', 'tk.id', 'l.task_id')
      .select(['a.name', 'l.fencing_token', 'l.expires_at', 'tk.key_number'])
      .where('l.project', '=', project)
      .where('l.path', '=', path)
      .where('l.agent_id', '<>', agentId)
      .where('l.expires_at', '>', clockTimestamp)
      .orderBy('l.fencing_token', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { name: row.name, fencingToken: row.fencing_token, expiresAt: row.expires_at, taskKeyNumber: row.key_number } : null;
  }
}
