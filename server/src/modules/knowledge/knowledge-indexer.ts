/**
 * The background re-embedding: fills in the vectors of every entry that has none in the configured
 * embedding space — all of them after a change of provider, model or dimension, and any entry whose
 * embedding failed when it was added (the provider was down). One job row per run, its progress
 * written and announced (`knowledge.reembed_progress`) with every batch; when it completes, the
 * vectors and index of the replaced space are dropped. A failing provider is retried with backoff.
 * With several replicas one advances a job; another takes it over when it stops advancing. Jobs span
 * every project (a provider change concerns all entries), so their progress is a server-wide event.
 */
import { randomUUID } from 'node:crypto';
import type { ReembedJob } from '@agent-coordinator/shared';
import type { Database, Row, Sql } from '../../db/database.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { EmbeddingProvider } from '../../embeddings/embedding-provider.ts';
import { int, isoTime, isoTimeOrNull, text, textOrNull } from '../../db/row-values.ts';
import { KnowledgeRepository } from './knowledge.repository.ts';
import { embeddingText } from './embedding-text.ts';
import { dropOtherSpaces } from './vector-store.ts';

export interface IndexerOptions {
  readonly batchSize?: number;
  /** First retry delay after a failure; doubles up to 10 minutes. */
  readonly retryMs?: number;
}

const JOB_COLUMNS = 'id, from_space, to_space, status, total, done, error, started_at, finished_at';
/** Serialises replicas choosing a job (transaction-level advisory lock). */
const REEMBED_JOB_KEY = 74_210_006;
/** A running job not advanced for this long belongs to a replica that stopped: another one resumes it. */
const STALE_SECONDS = 60;

const jobFromRow = (row: Row): ReembedJob => ({
  job_id: text(row['id']),
  status: text(row['status']) as ReembedJob['status'],
  from_space: textOrNull(row['from_space']),
  to_space: text(row['to_space']),
  total: int(row['total']),
  done: int(row['done']),
  error: textOrNull(row['error']),
  started_at: isoTime(row['started_at']),
  finished_at: isoTimeOrNull(row['finished_at']),
});

export class KnowledgeIndexer {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #provider: EmbeddingProvider;
  readonly #onError: (error: unknown) => void;
  readonly #repo = new KnowledgeRepository();
  readonly #batchSize: number;
  readonly #retryMs: number;
  #job: ReembedJob | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;

  constructor(db: Database, transactor: Transactor, provider: EmbeddingProvider, onError: (error: unknown) => void, options: IndexerOptions = {}) {
    this.#db = db;
    this.#transactor = transactor;
    this.#provider = provider;
    this.#onError = onError;
    this.#batchSize = options.batchSize ?? 32;
    this.#retryMs = options.retryMs ?? 15_000;
  }

  /** The latest job of this process (or the unfinished one it resumed), for /healthz and status. */
  get job(): ReembedJob | null {
    return this.#job;
  }

  /** Starts a run now, or another one right after the current one (idempotent). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Resolves when nothing is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.idle();
  }

  async #run(): Promise<void> {
    const space = this.#provider.space;
    try {
      const missing = await this.#repo.countMissing(this.#db, space);
      if (missing === 0) {
        if (this.#job?.status === 'running' || this.#job?.status === 'failed') await this.#finish(this.#job);
        else {
          await dropOtherSpaces(this.#db, space);
          // A job a stopped process left unfinished whose work is complete now.
          await this.#db.query(`update knowledge_reembed_jobs set status = 'done', total = done, error = null, finished_at = now() where to_space = $1 and status <> 'done'`, [space]);
        }
        this.#failures = 0;
        return;
      }
      const claimed = await this.#resumeOrCreate(space, missing);
      if (!claimed) {
        // Another replica is on it; look again later in case it stops.
        this.#retryLater(STALE_SECONDS * 1000);
        return;
      }
      let job = claimed;
      for (;;) {
        if (this.#stopped) return;
        const batch = await this.#repo.missingEmbeddings(this.#db, space, this.#batchSize);
        if (batch.length === 0) break;
        const vectors = await this.#provider.embed(batch.map(embeddingText));
        job = await this.#transactor.run(null, async (tx) => {
          for (const [i, entry] of batch.entries()) {
            const vector = vectors[i];
            if (vector) await this.#repo.saveEmbedding(tx, entry.id, space, vector);
          }
          const updated = await this.#update(tx, job.job_id, `done = done + $2, total = greatest(total, done + $2), error = null, status = 'running'`, [batch.length]);
          tx.emit({ type: 'knowledge.reembed_progress', job: updated });
          return updated;
        });
        this.#job = job;
      }
      await this.#finish(job);
      this.#failures = 0;
    } catch (error) {
      this.#failures++;
      await this.#fail(error).catch(() => {});
      this.#onError(new Error(`knowledge re-embedding into ${space} failed (attempt ${this.#failures}); retrying: ${error instanceof Error ? error.message : String(error)}`));
      this.#retryLater(Math.min(this.#retryMs * 2 ** (this.#failures - 1), 600_000));
    }
  }

  #retryLater(delayMs: number): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.kick(), delayMs);
    this.#timer.unref();
  }

  /** The job this process works on: a new one, or an unfinished one nobody is advancing; null when another replica is. */
  async #resumeOrCreate(space: string, missing: number): Promise<ReembedJob | null> {
    return this.#transactor.run(null, async (tx) => {
      await tx.query(`select pg_advisory_xact_lock($1)`, [REEMBED_JOB_KEY]);
      const [open] = await tx.query(
        `select ${JOB_COLUMNS}, (status = 'running' and updated_at > now() - make_interval(secs => $2)) as fresh
         from knowledge_reembed_jobs where to_space = $1 and status <> 'done' order by started_at desc limit 1`,
        [space, STALE_SECONDS],
      );
      let job: ReembedJob;
      if (open && open['fresh'] === true && text(open['id']) !== this.#job?.job_id) return null;
      if (open) {
        job = await this.#update(tx, text(open['id']), `status = 'running', error = null, total = done + $2`, [missing]);
      } else {
        const from = await this.#repo.otherSpace(tx, space);
        const [row] = await tx.query(
          `insert into knowledge_reembed_jobs (id, from_space, to_space, status, total) values ($1, $2, $3, 'running', $4) returning ${JOB_COLUMNS}`,
          [randomUUID(), from, space, missing],
        );
        if (!row) throw new Error('the re-embedding job was not stored');
        job = jobFromRow(row);
      }
      tx.emit({ type: 'knowledge.reembed_progress', job });
      this.#job = job;
      return job;
    });
  }

  async #finish(job: ReembedJob): Promise<void> {
    await dropOtherSpaces(this.#db, this.#provider.space);
    this.#job = await this.#transactor.run(null, async (tx) => {
      const done = await this.#update(tx, job.job_id, `status = 'done', total = done, error = null, finished_at = now()`, []);
      tx.emit({ type: 'knowledge.reembed_progress', job: done });
      return done;
    });
  }

  async #fail(error: unknown): Promise<void> {
    const job = this.#job;
    if (!job || job.status === 'done') return;
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    this.#job = await this.#transactor.run(null, async (tx) => {
      const failed = await this.#update(tx, job.job_id, `status = 'failed', error = $2`, [reason]);
      tx.emit({ type: 'knowledge.reembed_progress', job: failed });
      return failed;
    });
  }

  async #update(sql: Sql, id: string, set: string, params: readonly unknown[]): Promise<ReembedJob> {
    const [row] = await sql.query(`update knowledge_reembed_jobs set ${set}, updated_at = now() where id = $1 returning ${JOB_COLUMNS}`, [id, ...params]);
    if (!row) throw new Error(`re-embedding job ${id} vanished`);
    return jobFromRow(row);
  }
}
