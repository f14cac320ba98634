/**
 * Advice at task creation: is the new task very like one that is open, being worked on, or recently
 * done? The coordinator advises (a warning on the created task) and never refuses.
 *
 * It always uses the built-in hashing embedder, computed here in the process over a bounded set of
 * recent tasks: no pgvector needed, no network call on the create path, and lexical near-duplicates
 * are exactly what that embedder is good at. Vectors are cached by task and text. Only tasks of the new
 * task's own project are compared: another project's work is neither a duplicate nor to be named.
 */
import type { Task } from '@agent-coordinator/shared';
import type { Database } from '../../db/database.ts';
import { taskKey } from '../../common/task-key.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { cosine } from '../../embeddings/embedding-provider.ts';
import { HashingEmbedder, words } from '../../embeddings/hashing-embedder.ts';
import type { DuplicateAdvice } from '../task/duplicate-advice.ts';

export interface DuplicateAdvisorOptions {
  /** Cosine similarity from which a task is called a possible duplicate (built-in embedder's scale). */
  readonly threshold: number;
  /** Done tasks count as recent for this many days. */
  readonly recentDays?: number;
  /** At most this many recent tasks are compared (newest first). */
  readonly candidates?: number;
  readonly onError?: (error: unknown) => void;
}

const DESCRIPTION_CHARS = 1_000;
const MAX_WARNINGS = 3;
const CACHE_LIMIT = 20_000;

interface Fingerprint {
  readonly text: string;
  readonly vector: Float32Array;
  readonly numbers: ReadonlySet<string>;
}

const taskText = (title: string, description: string): string => `${title}\n${description.slice(0, DESCRIPTION_CHARS)}`;
const numbersOf = (title: string): Set<string> => new Set(words(title).filter((w) => /^\p{N}+$/u.test(w)));

/** Titles that differ in their numbers (`step 1` / `step 2`) name different work, however alike the words. */
function numbersConflict(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  const aInB = [...a].every((n) => b.has(n));
  const bInA = [...b].every((n) => a.has(n));
  return !aInB && !bInA;
}

export class DuplicateAdvisor implements DuplicateAdvice {
  readonly #db: Database;
  readonly #tasks = new TaskRepository();
  readonly #embedder = new HashingEmbedder(512);
  readonly #threshold: number;
  readonly #recentDays: number;
  readonly #candidates: number;
  readonly #onError: (error: unknown) => void;
  readonly #cache = new Map<string, Fingerprint>();

  constructor(db: Database, options: DuplicateAdvisorOptions) {
    this.#db = db;
    this.#threshold = options.threshold;
    this.#recentDays = options.recentDays ?? 14;
    this.#candidates = options.candidates ?? 500;
    this.#onError = options.onError ?? (() => {});
  }

  async advise(task: Pick<Task, 'task_id' | 'title' | 'description'>): Promise<string[]> {
    try {
      return await this.#advise(task);
    } catch (error) {
      this.#onError(error);
      return [];
    }
  }

  async #advise(task: Pick<Task, 'task_id' | 'title' | 'description'>): Promise<string[]> {
    const rows = await this.#tasks.duplicateCandidates(this.#db, task.task_id, { recentDays: this.#recentDays, limit: this.#candidates, descriptionChars: DESCRIPTION_CHARS });
    if (rows.length === 0) return [];
    const mine = this.#fingerprint(task.task_id, task.title, task.description);
    const similar: { key: string; title: string; status: string; similarity: number }[] = [];
    for (const row of rows) {
      const title = row.title;
      const other = this.#fingerprint(row.id, title, row.description);
      if (numbersConflict(mine.numbers, other.numbers)) continue;
      const similarity = cosine(mine.vector, other.vector);
      if (similarity >= this.#threshold) similar.push({ key: taskKey(row.key_number), title, status: row.status, similarity });
    }
    return similar
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, MAX_WARNINGS)
      .map((s) => `possible duplicate of ${s.key} (similarity ${s.similarity.toFixed(2)}, ${s.status}): ${s.title}`);
  }

  #fingerprint(id: string, title: string, description: string): Fingerprint {
    const body = taskText(title, description);
    const cached = this.#cache.get(id);
    if (cached && cached.text === body) return cached;
    const fingerprint = { text: body, vector: this.#embedder.embedOne(body), numbers: numbersOf(title) };
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(id, fingerprint);
    return fingerprint;
  }
}
