/**
 * File lock rows. A lock whose `expires_at` has passed is not held, whether or not it was swept yet.
 * Locks belong to a project: the same path locked in two projects is two unrelated locks.
 */
import type { Lock, ReleasedLock } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { text } from '../../db/row-values.ts';
import { LOCK_SPACE_KEY } from '../../common/advisory-locks.ts';
import { LOCK_SELECT, RELEASED_COLUMNS, insertLocks, lockFromRow, lockSelectFrom, newLockParameters, releasedFromRow, type NewLock } from './lock.rows.ts';


export class LockRepository {
  /** Serialises every lock grant until the transaction ends (see advisory-locks.ts). */
  async enterLockSpace(sql: Sql): Promise<void> {
    await sql.query(`select pg_advisory_xact_lock($1)`, [LOCK_SPACE_KEY]);
  }

  /** The live locks of a project (of one of its agents, with `agentId`). */
  async live(sql: Sql, project: string, agentId?: string): Promise<Lock[]> {
    const rows = agentId
      ? await sql.query(`${LOCK_SELECT} where l.project = $1 and l.expires_at > now() and l.agent_id = $2 order by l.path`, [project, agentId])
      : await sql.query(`${LOCK_SELECT} where l.project = $1 and l.expires_at > now() order by l.path, l.acquired_at`, [project]);
    return rows.map(lockFromRow);
  }

  async insert(sql: Sql, locks: readonly NewLock[]): Promise<Lock[]> {
    if (locks.length === 0) return [];
    // The inserted rows come back joined with their holder and task in the same statement.
    const rows = await sql.query(`with inserted as (${insertLocks(1)}) ${lockSelectFrom('inserted')} order by l.path`, newLockParameters(locks));
    return rows.map(lockFromRow);
  }

  /** Re-grants locks the agent already holds on the same paths: new mode, lease, reason and task. */
  async renew(sql: Sql, lockIds: readonly string[], change: Omit<NewLock, 'project' | 'path' | 'agentId'>): Promise<Lock[]> {
    if (lockIds.length === 0) return [];
    await sql.query(
      `update file_locks set mode = $2, task_id = coalesce($3::uuid, task_id), reason = coalesce($4, reason),
         ttl_seconds = $5, expires_at = now() + make_interval(secs => $5::int)
       where id = any($1::uuid[])`,
      [[...lockIds], change.mode, change.taskId, change.reason, change.ttlSeconds],
    );
    return this.byIds(sql, lockIds);
  }

  async byIds(sql: Sql, ids: readonly string[]): Promise<Lock[]> {
    const rows = await sql.query(`${LOCK_SELECT} where l.id = any($1::uuid[]) order by l.path`, [[...ids]]);
    return rows.map(lockFromRow);
  }

  async deleteByAgentAndPaths(sql: Sql, agentId: string, paths: readonly string[]): Promise<ReleasedLock[]> {
    const rows = await sql.query(
      `delete from file_locks where agent_id = $1 and path = any($2::text[]) and expires_at > now() returning ${RELEASED_COLUMNS}`,
      [agentId, [...paths]],
    );
    return rows.map(releasedFromRow);
  }

  /** Every lock of these agents (of any projects), by project. */
  async deleteByAgents(sql: Sql, agentIds: readonly string[]): Promise<Map<string, ReleasedLock[]>> {
    const rows = await sql.query(`delete from file_locks where agent_id = any($1::uuid[]) returning ${RELEASED_COLUMNS}`, [[...agentIds]]);
    return byProject(rows);
  }

  /** Every lapsed lease, of every project, by project. */
  async deleteExpired(sql: Sql): Promise<Map<string, ReleasedLock[]>> {
    const rows = await sql.query(`delete from file_locks where expires_at <= now() returning ${RELEASED_COLUMNS}`);
    return byProject(rows);
  }
}

function byProject(rows: readonly Row[]): Map<string, ReleasedLock[]> {
  const released = new Map<string, ReleasedLock[]>();
  for (const row of rows) {
    const project = text(row['project']);
    released.set(project, [...(released.get(project) ?? []), releasedFromRow(row)]);
  }
  return released;
}
