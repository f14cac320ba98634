/**
 * File lock rows. A lock whose `expires_at` has passed is not held, whether or not it was swept yet.
 * Locks belong to a project: the same path locked in two projects is two unrelated locks.
 *
 * Statements are typed from the `FileLock` entity (file-lock.entity.ts) through the ORM's Kysely, but for
 * `insert`: it inserts from `unnest` and reads the new rows back joined with holder and task in one
 * statement (a data-modifying CTE). Kysely could build it, but the entity plugin reads a CTE that is no
 * table without the column types (a Date on PGlite, a string on node-pg), so it stays a Kysely `sql`
 * template (its text as written, its values bound by the builder), its rows parsed by `lockFromUntypedRow`
 * (lock.rows.ts), shared with the claim's statement that takes locks the same way. Every lock row goes to
 * the wire through lock.rows.ts's `toLock`.
 */
import { sql as raw, type Kysely } from 'kysely';
import type { Lock, ReleasedLock } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import type { DB } from '../../db/entities.ts';
import { prepared } from '../../db/prepared-statement.ts';
import { LOCK_SPACE_KEY } from '../../common/advisory-locks.ts';
import { RELEASED_COLUMNS, toReleased, type ReleasedRow } from '../../common/released-lock.ts';
import { insertLocks, lockFromUntypedRow, lockSelectFrom, toLock, type NewLock } from './lock.rows.ts';

/** A lock `l` with its holder's name and its task's key number. */
const selectLocks = (db: Kysely<DB>) =>
  db
    .selectFrom('file_locks as l')
    .innerJoin('agents as a', 'a.id', 'l.agent_id')
    .leftJoin('tasks as tk', 'tk.id', 'l.task_id')
    .select(['l.id', 'l.path', 'l.mode', 'l.agent_id', 'a.name as agent_name', 'l.task_id', 'tk.key_number as task_key_number', 'l.reason', 'l.acquired_at', 'l.expires_at', 'l.fencing_token']);

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

// Lists are bound as one array parameter (`= any($n)`), as the statements written out did, not as `in ($1, …)`.

export class LockRepository {
  /** Serialises every lock grant until the transaction ends (see advisory-locks.ts). */
  async enterLockSpace(sql: Sql): Promise<void> {
    await ENTER_LOCK_SPACE(sql, {});
  }

  /** The live locks of a project (of one of its agents, with `agentId`). */
  async live(sql: Sql, project: string, agentId?: string): Promise<Lock[]> {
    const rows = agentId ? await LIVE_LOCKS_OF_AGENT(sql, { project, agentId }) : await LIVE_LOCKS(sql, { project });
    return rows.map(toLock);
  }

  async insert(sql: Sql, locks: readonly NewLock[]): Promise<Lock[]> {
    if (locks.length === 0) return [];
    // The inserted rows come back joined with their holder and task in the same statement.
    const { rows } = await raw`with inserted as (${insertLocks(locks)}) ${lockSelectFrom('inserted')} order by l.path`.execute(sql.db);
    return rows.map(lockFromUntypedRow);
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

  /**
   * Moves the expiry of these locks to at least `leaseSeconds` from now, never earlier than it is: the
   * guard's extension of a writer's own leases (verify_write on a path the writer holds).
   */
  async extend(sql: Sql, lockIds: readonly string[], leaseSeconds: number): Promise<void> {
    if (lockIds.length === 0) return;
    await sql.db
      .updateTable('file_locks')
      .set({ expires_at: raw<string>`greatest(expires_at, now() + make_interval(secs => ${leaseSeconds}::int))` })
      .where('id', '=', (eb) => eb.fn.any(eb.val([...lockIds])))
      .execute();
  }

  async byIds(sql: Sql, ids: readonly string[]): Promise<Lock[]> {
    const rows = await selectLocks(sql.db).where('l.id', '=', (eb) => eb.fn.any(eb.val([...ids]))).orderBy('l.path').execute();
    return rows.map(toLock);
  }

  async deleteByAgentAndPaths(sql: Sql, agentId: string, paths: readonly string[]): Promise<ReleasedLock[]> {
    const rows = await DELETE_BY_AGENT_AND_PATHS(sql, { agentId, paths: [...paths] });
    return rows.map(toReleased);
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

function byProject(rows: readonly (ReleasedRow & { readonly project: string })[]): Map<string, ReleasedLock[]> {
  const released = new Map<string, ReleasedLock[]>();
  for (const row of rows) released.set(row.project, [...(released.get(row.project) ?? []), toReleased(row)]);
  return released;
}
