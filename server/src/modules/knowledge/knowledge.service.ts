/**
 * Knowledge: add, read, change, delete and list entries, and search them — semantic (embedding
 * similarity, where pgvector is available) and keyword (full text, everywhere), mixed by reciprocal
 * rank fusion. The embedding of an entry is computed before its transaction (a remote provider is a
 * network call) and stored with it; when that fails the entry is kept and the background indexer
 * embeds it later. Entries belong to the caller's project: everything here reads and searches only
 * that project's (the indexer that fills in missing vectors works across all of them).
 */
import {
  CoordinatorError,
  normalizeRepoPath,
  type AddKnowledgeInputSchema,
  type KnowledgeChangeResult,
  type KnowledgeEntry,
  type KnowledgeHit,
  type KnowledgeIdInputSchema,
  type KnowledgeSearchResult,
  type KnowledgeStatus,
  type ListKnowledgeInputSchema,
  type Parsed,
  type SearchKnowledgeInputSchema,
  type SearchMode,
  type UpdateKnowledgeInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { Database, Sql } from '../../db/database.ts';
import type { EmbeddingProvider } from '../../embeddings/embedding-provider.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { unknownAgent } from '../agent/agent-ref.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { KnowledgeRepository, type Candidate, type EntryFields } from './knowledge.repository.ts';
import { embeddingText } from './embedding-text.ts';
import type { KnowledgeIndexer } from './knowledge-indexer.ts';
import type { VectorAvailability } from './vector-store.ts';

/** Reciprocal rank fusion constant (the usual 60: rank 1 scores 1/61). */
const RRF_K = 60;

export const unknownKnowledge = (operation: string, ref: string): CoordinatorError =>
  new CoordinatorError('NOT_FOUND', `${operation}: no knowledge entry "${ref}" — search_knowledge or \`knowledge list\` shows the existing ones`, [
    { field: 'knowledge_id', message: 'unknown knowledge entry' },
  ]);

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class KnowledgeService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #provider: EmbeddingProvider;
  readonly #vectors: VectorAvailability;
  readonly #indexer: KnowledgeIndexer | null;
  readonly #repo = new KnowledgeRepository();
  readonly #tasks = new TaskRepository();
  readonly #agents = new AgentRepository();

  constructor(db: Database, transactor: Transactor, provider: EmbeddingProvider, vectors: VectorAvailability, indexer: KnowledgeIndexer | null) {
    this.#db = db;
    this.#transactor = transactor;
    this.#provider = provider;
    this.#vectors = vectors;
    this.#indexer = indexer;
  }

  get semanticAvailable(): boolean {
    return this.#vectors.available;
  }

  getKnowledgeStatus(): KnowledgeStatus {
    const v = this.#vectors;
    return {
      semantic: v.available,
      reason: v.available ? null : v.reason,
      how_to_enable: v.available ? null : v.howToEnable,
      provider: this.#provider.description,
      space: this.#provider.space,
      dimensions: this.#provider.dimensions,
      reembed: this.#indexer?.job ?? null,
    };
  }

  async addKnowledge(actor: Actor, input: Parsed<typeof AddKnowledgeInputSchema>): Promise<KnowledgeChangeResult> {
    const embedded = await this.#embed({ title: input.title, body: input.body, tags: input.tags });
    const entry = await this.#transactor.run(actor.project, async (tx) => {
      const taskIds = await this.#taskIds(tx, actor, 'add_knowledge', input.tasks);
      let author: string | null = null;
      if (input.agent_id !== undefined) {
        const agent = await this.#agents.find(tx, actor, input.agent_id);
        if (!agent) throw unknownAgent('add_knowledge', input.agent_id);
        author = String(agent['name']);
      }
      const fields: EntryFields = { kind: input.kind, title: input.title, body: input.body, tags: input.tags, files: input.files, taskIds };
      const created = await this.#repo.insert(tx, actor.project, fields, author);
      if (embedded.vector) await this.#repo.saveEmbedding(tx, created.knowledge_id, this.#provider.space, embedded.vector);
      tx.emit({ type: 'knowledge.created', entry: created });
      return created;
    });
    return this.#withWarnings(entry, embedded.warning);
  }

  async getKnowledge(actor: Actor, { knowledge_id }: Parsed<typeof KnowledgeIdInputSchema>): Promise<KnowledgeEntry> {
    const entry = await this.#repo.find(this.#db, actor.project, knowledge_id);
    if (!entry) throw unknownKnowledge('get_knowledge', knowledge_id);
    return entry;
  }

  async updateKnowledge(actor: Actor, input: Parsed<typeof UpdateKnowledgeInputSchema>): Promise<KnowledgeChangeResult> {
    const before = await this.#repo.find(this.#db, actor.project, input.knowledge_id);
    if (!before) throw unknownKnowledge('update_knowledge', input.knowledge_id);
    const text = { title: input.title ?? before.title, body: input.body ?? before.body, tags: input.tags ?? before.tags };
    const reembed = embeddingText(text) !== embeddingText(before);
    const embedded = reembed ? await this.#embed(text) : { vector: null, warning: null };
    const entry = await this.#transactor.run(actor.project, async (tx) => {
      const current = await this.#repo.find(tx, actor.project, before.knowledge_id, true);
      if (!current) throw unknownKnowledge('update_knowledge', input.knowledge_id);
      const taskIds = input.tasks ? await this.#taskIds(tx, actor, 'update_knowledge', input.tasks) : await this.#repo.taskIds(tx, current.knowledge_id);
      const updated = await this.#repo.update(tx, current.knowledge_id, {
        kind: input.kind ?? current.kind,
        title: input.title ?? current.title,
        body: input.body ?? current.body,
        tags: input.tags ?? current.tags,
        files: input.files ?? current.files,
        taskIds,
      });
      if (reembed && this.#vectors.available) {
        // The old vector describes the old text: replaced, or dropped until the indexer catches up.
        if (embedded.vector) await this.#repo.saveEmbedding(tx, updated.knowledge_id, this.#provider.space, embedded.vector);
        else await this.#repo.dropEmbeddings(tx, updated.knowledge_id);
      }
      tx.emit({ type: 'knowledge.updated', entry: updated });
      return updated;
    });
    return this.#withWarnings(entry, embedded.warning);
  }

  async deleteKnowledge(actor: Actor, { knowledge_id }: Parsed<typeof KnowledgeIdInputSchema>): Promise<KnowledgeEntry> {
    return this.#transactor.run(actor.project, async (tx) => {
      const entry = await this.#repo.find(tx, actor.project, knowledge_id, true);
      if (!entry) throw unknownKnowledge('delete_knowledge', knowledge_id);
      await this.#repo.delete(tx, entry.knowledge_id);
      tx.emit({ type: 'knowledge.deleted', knowledge_id: entry.knowledge_id, key: entry.key, title: entry.title });
      return entry;
    });
  }

  async listKnowledge(actor: Actor, input: Parsed<typeof ListKnowledgeInputSchema>): Promise<KnowledgeEntry[]> {
    let file: string | undefined;
    if (input.file !== undefined) {
      const normalized = normalizeRepoPath(input.file);
      if (!normalized.ok) throw new CoordinatorError('VALIDATION', `list_knowledge: invalid input — file: ${normalized.reason}`, [{ field: 'file', message: normalized.reason }]);
      file = normalized.path;
    }
    const taskId = input.task !== undefined ? (await this.#taskIds(this.#db, actor, 'list_knowledge', [input.task]))[0] : undefined;
    return this.#repo.list(this.#db, actor.project, { kind: input.kind, tags: input.tag !== undefined ? [input.tag] : undefined, file, taskId, limit: input.limit });
  }

  async searchKnowledge(actor: Actor, input: Parsed<typeof SearchKnowledgeInputSchema>): Promise<KnowledgeSearchResult> {
    const filter = { kind: input.kind, tags: input.tags };
    const pool = Math.min(Math.max(input.k * 4, 40), 200);
    const notices: string[] = [];
    let mode: SearchMode = input.mode;

    let semantic: Candidate[] | null = null;
    if (input.mode !== 'keyword') {
      if (!this.#vectors.available) {
        if (input.mode === 'semantic') throw this.#unavailable();
        notices.push(`semantic search is unavailable: ${this.#vectors.reason} — keyword results only. To enable: ${this.#vectors.howToEnable}`);
        mode = 'keyword';
      } else {
        try {
          const [vector] = await this.#provider.embed([input.query]);
          if (vector) semantic = await this.#semantic(actor.project, vector, filter, pool);
        } catch (error) {
          if (input.mode === 'semantic') throw new CoordinatorError('UNAVAILABLE', `search_knowledge: the query could not be embedded: ${message(error)} — retry, or search with mode keyword`);
          notices.push(`the query could not be embedded (${message(error)}) — keyword results only`);
          mode = 'keyword';
        }
        const job = this.#indexer?.job;
        if (semantic && job && job.status !== 'done') {
          notices.push(`re-embedding in progress (${job.done}/${job.total}${job.status === 'failed' ? `, failing: ${job.error ?? ''}` : ''}): entries not embedded yet are found by keyword only`);
        }
      }
    }
    const keyword = mode === 'semantic' ? null : await this.#repo.keywordCandidates(this.#db, actor.project, input.query, filter, pool);
    const hits = await this.#fuse(actor.project, [semantic, keyword], input.k);
    return { results: hits, mode, semantic_available: this.#vectors.available, notice: notices.length > 0 ? notices.join(' ') : null };
  }

  async #semantic(
    project: string,
    vector: Float32Array,
    filter: { kind?: KnowledgeEntry['kind'] | undefined; tags?: readonly string[] | undefined },
    pool: number,
  ): Promise<Candidate[]> {
    const run = (sql: Sql) => this.#repo.semanticCandidates(sql, project, this.#provider.space, this.#provider.dimensions, vector, filter, pool);
    // An HNSW scan returns at most ef_search rows (default 40) before the filter (the project first of
    // all) is applied: widen it when more candidates are wanted, and let it go on until enough pass.
    const iterative = this.#vectors.available && this.#vectors.iterativeScan;
    if (pool <= 40 && !iterative) return run(this.#db);
    return this.#db.transaction(async (sql) => {
      await this.#repo.widenVectorScan(sql, pool, iterative);
      return run(sql);
    });
  }

  /** Reciprocal rank fusion of the rankings that were used; `score` is scaled so 1 means first in all of them. */
  async #fuse(project: string, rankings: readonly (readonly Candidate[] | null)[], k: number): Promise<KnowledgeHit[]> {
    const used = rankings.filter((r): r is readonly Candidate[] => r !== null);
    const semantic = new Map((rankings[0] ?? []).map((c) => [c.id, c.score]));
    const keyword = new Map((rankings[1] ?? []).map((c) => [c.id, c.score]));
    const fused = new Map<string, number>();
    for (const ranking of used) ranking.forEach((c, i) => fused.set(c.id, (fused.get(c.id) ?? 0) + 1 / (RRF_K + i + 1)));
    const best = used.length / (RRF_K + 1);
    const top = [...fused.entries()]
      .sort((a, b) => b[1] - a[1] || (semantic.get(b[0]) ?? -1) - (semantic.get(a[0]) ?? -1) || (keyword.get(b[0]) ?? 0) - (keyword.get(a[0]) ?? 0))
      .slice(0, k);
    const entries = await this.#repo.byIds(this.#db, project, top.map(([id]) => id));
    const scores = new Map(top);
    return entries.map((entry) => ({
      entry,
      score: round((scores.get(entry.knowledge_id) ?? 0) / best),
      semantic_score: semantic.has(entry.knowledge_id) ? round(semantic.get(entry.knowledge_id) ?? 0) : null,
      keyword_score: keyword.has(entry.knowledge_id) ? round(keyword.get(entry.knowledge_id) ?? 0) : null,
    }));
  }

  #unavailable(): CoordinatorError {
    const v = this.#vectors;
    const why = v.available ? '' : `${v.reason}. To enable: ${v.howToEnable}`;
    return new CoordinatorError('UNAVAILABLE', `search_knowledge: semantic search is unavailable on this database: ${why} Use mode keyword (or hybrid) meanwhile.`);
  }

  /** The entry's vector, or why there is none; never throws (the entry is saved either way). */
  async #embed(text: { title: string; body: string; tags: readonly string[] }): Promise<{ vector: Float32Array | null; warning: string | null }> {
    if (!this.#vectors.available) return { vector: null, warning: null };
    try {
      const [vector] = await this.#provider.embed([embeddingText(text)]);
      return { vector: vector ?? null, warning: null };
    } catch (error) {
      return { vector: null, warning: `not embedded yet (${message(error)}): found by keyword now, by meaning once the background indexer embeds it` };
    }
  }

  /** After the commit: an entry left without a vector is the background indexer's to embed. */
  #withWarnings(entry: KnowledgeEntry, warning: string | null): KnowledgeChangeResult {
    if (!warning) return entry;
    this.#indexer?.kick();
    return { ...entry, warnings: [warning] };
  }

  /** The caller's project's tasks for these references; NOT_FOUND naming the unknown ones (another project's too). */
  async #taskIds(sql: Sql, actor: Actor, operation: string, refs: readonly string[]): Promise<string[]> {
    const resolved = await this.#tasks.resolve(sql, actor.project, refs);
    const missing = refs.filter((ref) => !resolved.has(ref));
    if (missing.length > 0) {
      throw new CoordinatorError('NOT_FOUND', `${operation}: tasks names unknown tasks ${missing.join(', ')} — list_tasks shows the existing ones`, [
        { field: 'tasks', message: `unknown: ${missing.join(', ')}` },
      ]);
    }
    return [...new Set(refs.map((ref) => resolved.get(ref) ?? ''))];
  }
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;
