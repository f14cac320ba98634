/**
 * The re-embedding jobs (knowledge-indexer.ts): one row per run into an embedding space, its progress
 * and outcome. Typed from the `KnowledgeReembedJob` entity (knowledge.entity.ts). Every change touches
 * `updated_at`, which tells the replicas whether a running job is still being advanced.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type Selectable, type UpdateObject } from 'kysely';
import type { ReembedJob } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import type { DB } from '../../db/entities.ts';

/** Serialises replicas choosing a job (transaction-level advisory lock; see common/advisory-locks.ts for the lock space's). */
const REEMBED_JOB_KEY = 74_210_006;

const JOB_COLUMNS = ['id', 'from_space', 'to_space', 'status', 'total', 'done', 'error', 'started_at', 'finished_at'] as const;

type JobRow = Pick<Selectable<DB['knowledge_reembed_jobs']>, (typeof JOB_COLUMNS)[number]>;

const jobFromRow = (row: JobRow): ReembedJob => ({
  job_id: row.id,
  status: row.status,
  from_space: row.from_space,
  to_space: row.to_space,
  total: row.total,
  done: row.done,
  error: row.error,
  started_at: row.started_at,
  finished_at: row.finished_at,
});

const now = raw<string>`now()`;

/** How a job changes: the values to set (the others keep theirs). */
type JobChange = UpdateObject<DB, 'knowledge_reembed_jobs'>;

export class ReembedJobRepository {
  /** Serialises replicas choosing a job until the transaction ends. */
  async enterJobChoice(sql: Sql): Promise<void> {
    await sql.db.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(REEMBED_JOB_KEY)]).as('entered')).execute();
  }

  /**
   * The newest unfinished job into `space`, and whether it is fresh (running and advanced within
   * `staleSeconds`: some replica is on it); null when there is none.
   */
  async newestOpen(sql: Sql, space: string, staleSeconds: number): Promise<{ readonly job: ReembedJob; readonly fresh: boolean } | null> {
    const row = await sql.db
      .selectFrom('knowledge_reembed_jobs')
      .select(JOB_COLUMNS)
      .select(raw<boolean>`(status = 'running' and updated_at > now() - make_interval(secs => ${staleSeconds}))`.as('fresh'))
      .where('to_space', '=', space)
      .where('status', '<>', 'done')
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { job: jobFromRow(row), fresh: row.fresh === true } : null;
  }

  async insert(sql: Sql, fromSpace: string | null, toSpace: string, total: number): Promise<ReembedJob> {
    const row = await sql.db
      .insertInto('knowledge_reembed_jobs')
      .values({ id: randomUUID(), from_space: fromSpace, to_space: toSpace, status: 'running', total })
      .returning(JOB_COLUMNS)
      .executeTakeFirstOrThrow();
    return jobFromRow(row);
  }

  /** Running again, with `missing` entries still to embed. */
  resume(sql: Sql, id: string, missing: number): Promise<ReembedJob> {
    return this.#update(sql, id, { status: 'running', error: null, total: raw<number>`done + ${missing}` });
  }

  /** A batch of `count` entries embedded (the total grows if more entries came in meanwhile). */
  advance(sql: Sql, id: string, count: number): Promise<ReembedJob> {
    return this.#update(sql, id, { done: raw<number>`done + ${count}`, total: raw<number>`greatest(total, done + ${count})`, error: null, status: 'running' });
  }

  finish(sql: Sql, id: string): Promise<ReembedJob> {
    return this.#update(sql, id, { status: 'done', total: raw<number>`done`, error: null, finished_at: now });
  }

  fail(sql: Sql, id: string, reason: string): Promise<ReembedJob> {
    return this.#update(sql, id, { status: 'failed', error: reason });
  }

  /** Marks done the unfinished jobs into `space` whose work is complete (a process stopped before finishing them). */
  async finishAllInto(sql: Sql, space: string): Promise<void> {
    await sql.db
      .updateTable('knowledge_reembed_jobs')
      .set({ status: 'done', total: raw<number>`done`, error: null, finished_at: now })
      .where('to_space', '=', space)
      .where('status', '<>', 'done')
      .execute();
  }

  async #update(sql: Sql, id: string, change: JobChange): Promise<ReembedJob> {
    const row = await sql.db
      .updateTable('knowledge_reembed_jobs')
      .set({ ...change, updated_at: now })
      .where('id', '=', id)
      .returning(JOB_COLUMNS)
      .executeTakeFirst();
    if (!row) throw new Error(`re-embedding job ${id} vanished`);
    return jobFromRow(row);
  }
}
