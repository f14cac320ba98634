/**
 * File lock rows. A lock whose `expires_at` has passed is not held, whether or not it was swept yet.
 * Locks belong to a project: the same path locked in two projects is two unrelated locks.
 *
 * Statements are typed from the `FileLock` entity (file-lock.entity.ts) through the ORM's Kysely, but for
 * `insert`: it inserts from `unnest` and reads the new rows back joined with holder and task in one
 * statement (a data-modifying CTE). Kysely could build it, but the entity plugin reads a CTE that is no
 * table without the column types (a Date on PGlite, a string on node-pg), so it stays `sql.query`, its
 * rows read by `lockFromRow` (lock.rows.ts), shared with the claim's statements that take locks the same way.
 */
import { sql as raw, type Kysely } from 'kysely';
import type { Lock, ReleasedLock } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import type { DB } from '../../db/entities.ts';
import { prepared } from '../../db/prepared-statement.ts';
import { LOCK_SPACE_KEY } from '../../common/advisory-locks.ts';
import { taskKey } from '../../common/task-key.ts';
import { insertLocks, lockFromRow, lockSelectFrom, newLockParameters, type NewLock } from './lock.rows.ts';

/** A lock `l` with its holder's name and its task's key number. */
const selectLocks = (db: Kysely<DB>) =>
  db
    .selectFrom('file_locks as l')
    .innerJoin('agents as a', 'a.id', 'l.agent_id')
    .leftJoin('tasks as tk', 'tk.id', 'l.task_id')
    .select(['l.id', 'l.path', 'l.mode', 'l.agent_id', 'a.name as agent_name', 'l.task_id', 'tk.key_number as task_key_number', 'l.reason', 'l.acquired_at', 'l.expires_at', 'l.fencing_token']);

type LockRow = Awaited<ReturnType<ReturnType<typeof selectLocks>['executeTakeFirstOrThrow']>>;

const typedLockFromRow = (row: LockRow): Lock => ({
  lock_id: row.id,
  path: row.path,
  mode: row.mode,
  held_by: row.agent_name,
  held_by_id: row.agent_id,
  task_id: row.task_id,
  // Renamed by `as`, the key number is not read through its column type (a string on node-pg): taskKey reads both.
  task_key: row.task_key_number === null ? null : taskKey(row.task_key_number),
  reason: row.reason,
  acquired_at: row.acquired_at,
  expires_at: row.expires_at,
  fencing_token: row.fencing_token,
});

/** The columns a delete gives back, as a released-lock record (and its project). */
const RELEASED_COLUMNS = ['id', 'project', 'path', 'mode', 'agent_id', 'task_id'] as const;

const now = raw<string>`now()`;

// The statements of every lock request and release are prepared: built and compiled once (prepared-statement.ts).
const ENTER_LOCK_SPACE = prepared<Record<string, never>>()((db) => db.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(LOCK_SPACE_KEY)]).as('entered')));
const LIVE_LOCKS = prepared<{ project: string }>()((db, p) => selectLocks(db).where('l.project', '=', p.project).where('l.expires_at', '>', now).orderBy('l.path').orderBy('l.acquired_at'));
const LIVE_LOCKS_OF_AGENT = prepared<{ project: string; agentId: string }>()((db, p) =>
  selectLocks(db).where('l.project', '=', p.project).where('l.expires_at', '>', now).where('l.agent_id', '=', p.agentId).orderBy('l.path'),
);
const DELETE_BY_AGENT_AND_PATHS = prepared<{ agentId: string; paths: string[] }>()((db, p) =>
  db
    .deleteFrom('file_locks')
    .where('agent_id', '=', p.agentId)
    .where('path', '=', (eb) => eb.fn.any(eb.val(p.paths)))
    .where('expires_at', '>', now)
    .returning(RELEASED_COLUMNS),
);

// Lists are bound as one array parameter (`= any($n)`), as the hand-written statements did, not as `in ($1, …)`.

export class LockRepository {
  /** Serialises every lock grant until the transaction ends (see advisory-locks.ts). */
  async enterLockSpace(sql: Sql): Promise<void> {
    await ENTER_LOCK_SPACE(sql, {});
  }

  /** The live locks of a project (of one of its agents, with `agentId`). */
  async live(sql: Sql, project: string, agentId?: string): Promise<Lock[]> {
    const rows = agentId ? await LIVE_LOCKS_OF_AGENT(sql, { project, agentId }) : await LIVE_LOCKS(sql, { project });
    return rows.map(typedLockFromRow);
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
    await sql.db
      .updateTable('file_locks')
      .set((eb) => ({
        mode: change.mode,
        task_id: eb.fn.coalesce(eb.val(change.taskId), 'task_id'),
        reason: eb.fn.coalesce(eb.val(change.reason), 'reason'),
        ttl_seconds: change.ttlSeconds,
        expires_at: raw<string>`now() + make_interval(secs => ${change.ttlSeconds}::int)`,
      }))
      .where('id', '=', (eb) => eb.fn.any(eb.val([...lockIds])))
      .execute();
    return this.byIds(sql, lockIds);
  }

  async byIds(sql: Sql, ids: readonly string[]): Promise<Lock[]> {
    const rows = await selectLocks(sql.db).where('l.id', '=', (eb) => eb.fn.any(eb.val([...ids]))).orderBy('l.path').execute();
    return rows.map(typedLockFromRow);
  }

  async deleteByAgentAndPaths(sql: Sql, agentId: string, paths: readonly string[]): Promise<ReleasedLock[]> {
    const rows = await DELETE_BY_AGENT_AND_PATHS(sql, { agentId, paths: [...paths] });
    return rows.map(releasedFromRow);
  }

  /** Every lock of these agents (of any projects), by project. */
  async deleteByAgents(sql: Sql, agentIds: readonly string[]): Promise<Map<string, ReleasedLock[]>> {
    const rows = await sql.db.deleteFrom('file_locks').where('agent_id', '=', (eb) => eb.fn.any(eb.val([...agentIds]))).returning(RELEASED_COLUMNS).execute();
    return byProject(rows);
  }

  /** Every lapsed lease, of every project, by project. */
  async deleteExpired(sql: Sql): Promise<Map<string, ReleasedLock[]>> {
    const rows = await sql.db.deleteFrom('file_locks').where('expires_at', '<=', now).returning(RELEASED_COLUMNS).execute();
    return byProject(rows);
  }
}

function releasedFromRow(row: { readonly id: string; readonly path: string; readonly mode: Lock['mode']; readonly agent_id: string; readonly task_id: string | null }): ReleasedLock {
  return { lock_id: row.id, path: row.path, mode: row.mode, held_by_id: row.agent_id, task_id: row.task_id };
}

function byProject(rows: readonly (Parameters<typeof releasedFromRow>[0] & { readonly project: string })[]): Map<string, ReleasedLock[]> {
  const released = new Map<string, ReleasedLock[]>();
  for (const row of rows) released.set(row.project, [...(released.get(row.project) ?? []), releasedFromRow(row)]);
  return released;
}
