/**
 * The background re-embedding: fills in the vectors of every entry that has none in the configured
 * embedding space — all of them after a change of provider, model or dimension, and any entry whose
 * embedding failed when it was added (the provider was down). One job row per run, its progress
 * written and announced (`knowledge.reembed_progress`) with every batch; when it completes, the
 * vectors and index of the replaced space are dropped. A failing provider is retried with backoff.
 * With several replicas one advances a job; another takes it over when it stops advancing. Jobs span
 * every project (a provider change concerns all entries), so their progress is a server-wide event.
 */
import type { ReembedJob } from '@agent-coordinator/shared';
import type { Database } from '../../db/database.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { EmbeddingProvider } from '../../embeddings/embedding-provider.ts';
import { KnowledgeRepository } from './knowledge.repository.ts';
import { ReembedJobRepository } from './reembed-job.repository.ts';
import { embeddingText } from './embedding-text.ts';
import { dropOtherSpaces } from './vector-store.ts';

export interface IndexerOptions {
  readonly batchSize?: number;
  /** First retry delay after a failure; doubles up to 10 minutes. */
  readonly retryMs?: number;
}

/** A running job not advanced for this long belongs to a replica that stopped: another one resumes it. */
const STALE_SECONDS = 60;

/** The job statements the indexer makes (reembed-job.repository.ts). */
export type ReembedJobs = Pick<ReembedJobRepository, 'enterJobChoice' | 'newestOpen' | 'insert' | 'resume' | 'advance' | 'finish' | 'fail' | 'finishAllInto'>;

export class KnowledgeIndexer {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #provider: EmbeddingProvider;
  readonly #onError: (error: unknown) => void;
  readonly #repo = new KnowledgeRepository();
  readonly #jobs: ReembedJobs = new ReembedJobRepository();
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
          await this.#jobs.finishAllInto(this.#db, space);
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
          const updated = await this.#jobs.advance(tx, job.job_id, batch.length);
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
      await this.#jobs.enterJobChoice(tx);
      const open = await this.#jobs.newestOpen(tx, space, STALE_SECONDS);
      let job: ReembedJob;
      if (open && open.fresh && open.job.job_id !== this.#job?.job_id) return null;
      if (open) {
        job = await this.#jobs.resume(tx, open.job.job_id, missing);
      } else {
        const from = await this.#repo.otherSpace(tx, space);
        job = await this.#jobs.insert(tx, from, space, missing);
      }
      tx.emit({ type: 'knowledge.reembed_progress', job });
      this.#job = job;
      return job;
    });
  }

  async #finish(job: ReembedJob): Promise<void> {
    await dropOtherSpaces(this.#db, this.#provider.space);
    this.#job = await this.#transactor.run(null, async (tx) => {
      const done = await this.#jobs.finish(tx, job.job_id);
      tx.emit({ type: 'knowledge.reembed_progress', job: done });
      return done;
    });
  }

  async #fail(error: unknown): Promise<void> {
    const job = this.#job;
    if (!job || job.status === 'done') return;
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    this.#job = await this.#transactor.run(null, async (tx) => {
      const failed = await this.#jobs.fail(tx, job.job_id, reason);
      tx.emit({ type: 'knowledge.reembed_progress', job: failed });
      return failed;
    });
  }
}
