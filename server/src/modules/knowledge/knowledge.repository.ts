/**
 * Knowledge rows: entries with their full-text vector, the candidates of keyword and semantic search,
 * and the embeddings (in the table vector-store.ts creates when pgvector is there). Entries belong to a
 * project and are found, listed and searched only within it; the embedding bookkeeping of the
 * background indexer (missing vectors, spaces) spans every project, as its jobs do.
 *
 * Entries are written and read through statements typed from the `KnowledgeEntry` entity (the ORM's
 * Kysely); the searches (full-text ranking, pgvector distance) and the embeddings table, which is no
 * entity, are SQL as written in Kysely `sql` templates (the builder binds their values).
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type RawBuilder } from 'kysely';
import type { KnowledgeEntry, KnowledgeKind } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { int, text } from '../../db/row-values.ts';
import { toPgVector } from '../../embeddings/embedding-provider.ts';
import { checkedSpace, vectorCast } from './vector-store.repository.ts';

export interface EntryFields {
  readonly kind: KnowledgeKind;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly files: readonly string[];
  readonly taskIds: readonly string[];
}

export interface SearchFilter {
  readonly kind?: KnowledgeKind | undefined;
  readonly tags?: readonly string[] | undefined;
}

export interface ListFilter extends SearchFilter {
  readonly file?: string | undefined;
  readonly taskId?: string | undefined;
  readonly limit: number;
}

export interface Candidate {
  readonly id: string;
  readonly score: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `where` clauses on `k` for the project and the filter, numbering parameters after `offset`. */
/** A search's filter over entries `k`: the project, and the kind and tags when given (one statement text either way). */
function searchFilter(project: string, filter: SearchFilter): RawBuilder<boolean> {
  const kind = filter.kind ?? null;
  const tags = filter.tags && filter.tags.length > 0 ? [...filter.tags] : null;
  return raw<boolean>`k.project = ${project} and (${kind}::text is null or k.kind = ${kind}) and (${tags}::text[] is null or k.tags @> ${tags}::text[])`;
}

/** The embedding of entry `k` in a space, as a subquery (`knowledge_embeddings` is no entity: a template). */
const embeddingIn = (space: string): RawBuilder<unknown> => raw`(select 1 from knowledge_embeddings e where e.entry_id = k.id and e.space = ${space})`;

/** Title and tags weigh A, the body B: a query word in the title ranks the entry higher. */
const searchVector = (fields: EntryFields): RawBuilder<string> =>
  raw`setweight(to_tsvector('english', ${fields.title}), 'A') || setweight(to_tsvector('english', ${fields.tags.join(' ')}), 'A') || setweight(to_tsvector('english', ${fields.body}), 'B')`;

/** The keys of the entry's linked tasks, in key order. */
const taskKeys: RawBuilder<string[] | null> = raw`array(select 'T-' || t.key_number from tasks t where t.id = any(k.task_ids) order by t.key_number)`;

const selectEntries = (sql: Sql) =>
  sql.db
    .selectFrom('knowledge_entries as k')
    .select(['k.id', 'k.key_number', 'k.kind', 'k.title', 'k.body', 'k.tags', 'k.files', 'k.author', 'k.created_at', 'k.updated_at'])
    .select(taskKeys.as('task_keys'));

type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

const knowledgeKey = (keyNumber: number): string => `K-${keyNumber}`;

const entryFromRow = (row: EntryRow): KnowledgeEntry => ({
  knowledge_id: row.id,
  key: knowledgeKey(row.key_number),
  kind: row.kind,
  title: row.title,
  body: row.body,
  tags: [...row.tags],
  files: [...row.files],
  tasks: row.task_keys ?? [],
  author: row.author,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

/** A K-n key or an id: what an entry may be named by (anything else names none). */
function refWhere(ref: string): { readonly column: 'k.key_number'; readonly value: number } | { readonly column: 'k.id'; readonly value: string } | null {
  if (ref.startsWith('K-')) {
    const keyNumber = Number(ref.slice(2));
    return Number.isSafeInteger(keyNumber) && keyNumber > 0 ? { column: 'k.key_number', value: keyNumber } : null;
  }
  return UUID.test(ref) ? { column: 'k.id', value: ref } : null;
}

export class KnowledgeRepository {
  async insert(sql: Sql, project: string, fields: EntryFields, author: string | null): Promise<KnowledgeEntry> {
    const id = randomUUID();
    await sql.db
      .insertInto('knowledge_entries')
      .values({ id, project, ...entryColumns(fields), author })
      .execute();
    return this.require(sql, id);
  }

  async update(sql: Sql, id: string, fields: EntryFields): Promise<KnowledgeEntry> {
    await sql.db
      .updateTable('knowledge_entries')
      .set({ ...entryColumns(fields), updated_at: raw<string>`now()` })
      .where('id', '=', id)
      .execute();
    return this.require(sql, id);
  }

  async delete(sql: Sql, id: string): Promise<void> {
    await sql.db.deleteFrom('knowledge_entries').where('id', '=', id).execute();
  }

  /** The project's entry named by id or key; null when it has none of that name. */
  async find(sql: Sql, project: string, ref: string, forUpdate = false): Promise<KnowledgeEntry | null> {
    const named = refWhere(ref);
    if (!named) return null;
    const query = selectEntries(sql).where(named.column, '=', named.value).where('k.project', '=', project);
    const row = await (forUpdate ? query.forUpdate('k') : query).executeTakeFirst();
    return row ? entryFromRow(row) : null;
  }

  /** The ids of the linked tasks, as stored (the entry itself shows their keys). */
  async taskIds(sql: Sql, id: string): Promise<string[]> {
    const row = await sql.db.selectFrom('knowledge_entries').select('task_ids').where('id', '=', id).executeTakeFirst();
    return [...(row?.task_ids ?? [])];
  }

  /** An entry by the id this transaction already holds (inserted or found in its project). */
  async require(sql: Sql, id: string): Promise<KnowledgeEntry> {
    const row = await selectEntries(sql).where('k.id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`knowledge entry ${id} vanished inside its own transaction`);
    return entryFromRow(row);
  }

  /** The project's entries in this order of ids (unknown ids, and other projects' entries, are skipped). */
  async byIds(sql: Sql, project: string, ids: readonly string[]): Promise<KnowledgeEntry[]> {
    if (ids.length === 0) return [];
    const rows = await selectEntries(sql).where('k.id', 'in', [...ids]).where('k.project', '=', project).execute();
    const byId = new Map(rows.map((row) => [row.id, entryFromRow(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async list(sql: Sql, project: string, filter: ListFilter): Promise<KnowledgeEntry[]> {
    let query = selectEntries(sql).where('k.project', '=', project);
    if (filter.kind !== undefined) query = query.where('k.kind', '=', filter.kind);
    if (filter.tags && filter.tags.length > 0) query = query.where(raw<boolean>`k.tags @> ${[...filter.tags]}::text[]`);
    if (filter.file !== undefined) query = query.where(raw<boolean>`${filter.file}::text = any(k.files)`);
    if (filter.taskId !== undefined) query = query.where(raw<boolean>`${filter.taskId}::uuid = any(k.task_ids)`);
    const rows = await query.orderBy('k.key_number', 'desc').limit(filter.limit).execute();
    return rows.map(entryFromRow);
  }

  /**
   * Full-text candidates, best first, with ts_rank_cd scaled into [0, 1). A plain query matches any of
   * its words (more matches rank higher); quotes, `or` and `-word` are read as web-search syntax.
   */
  async keywordCandidates(sql: Sql, project: string, query: string, filter: SearchFilter, limit: number): Promise<Candidate[]> {
    const web = /["]|(^|\s)-\S|\sor\s/i.test(query);
    const tsquery = web ? raw`websearch_to_tsquery('english', ${query})` : raw`replace(plainto_tsquery('english', ${query})::text, ' & ', ' | ')::tsquery`;
    const { rows } = await raw<{ id: string; rank: number }>`select k.id, ts_rank_cd(k.search, q.tsq, 32) as rank
       from knowledge_entries k, (select ${tsquery} as tsq) q
       where k.search @@ q.tsq and ${searchFilter(project, filter)}
       order by rank desc, k.key_number desc limit ${limit}`.execute(sql.db);
    return rows.map((r) => ({ id: text(r.id), score: Number(r.rank) }));
  }

  /** The project's nearest entries by cosine similarity in one embedding space, best first. */
  async semanticCandidates(
    sql: Sql,
    project: string,
    space: string,
    dimensions: number,
    vector: Float32Array,
    filter: SearchFilter,
    limit: number,
  ): Promise<Candidate[]> {
    const cast = raw.raw(vectorCast(dimensions).type);
    const target = toPgVector(vector);
    // The space is inlined (a checked plain name) so the planner can match the partial HNSW index.
    const { rows } = await raw<{ entry_id: string; similarity: number }>`select e.entry_id, 1 - (e.embedding::${cast} <=> ${target}::${cast}) as similarity
       from knowledge_embeddings e join knowledge_entries k on k.id = e.entry_id
       where e.space = ${raw.lit(checkedSpace(space))} and ${searchFilter(project, filter)}
       order by e.embedding::${cast} <=> ${target}::${cast} limit ${limit}`.execute(sql.db);
    return rows.map((r) => ({ id: text(r.entry_id), score: Number(r.similarity) }));
  }

  /**
   * Widens the HNSW scan of the semantic search for the rest of the caller's transaction: up to `pool`
   * candidates before the filter (pgvector's default stops at 40), and, with `iterative`, scanning on
   * until enough pass it. pgvector's settings, not a table: written out, like the other vector statements.
   * `pool` is a number the service computed, written into the statement (`set` takes no parameter).
   */
  async widenVectorScan(sql: Sql, pool: number, iterative: boolean): Promise<void> {
    if (pool > 40) await raw`set local hnsw.ef_search = ${raw.lit(int(pool))}`.execute(sql.db);
    if (iterative) await raw`set local hnsw.iterative_scan = strict_order`.execute(sql.db);
  }

  async saveEmbedding(sql: Sql, id: string, space: string, vector: Float32Array): Promise<void> {
    await raw`insert into knowledge_embeddings (entry_id, space, embedding) values (${id}, ${space}, ${toPgVector(vector)}::vector)
       on conflict (entry_id, space) do update set embedding = excluded.embedding, created_at = now()`.execute(sql.db);
  }

  async dropEmbeddings(sql: Sql, id: string): Promise<void> {
    await raw`delete from knowledge_embeddings where entry_id = ${id}`.execute(sql.db);
  }

  /** Entries without a vector in this space, oldest first. */
  async missingEmbeddings(sql: Sql, space: string, limit: number): Promise<{ id: string; title: string; body: string; tags: string[] }[]> {
    // Typed: `knowledge_embeddings` appears only in the subquery, so the columns read are the entry's.
    const rows = await sql.db
      .selectFrom('knowledge_entries as k')
      .select(['k.id', 'k.title', 'k.body', 'k.tags'])
      .where(({ not, exists }) => not(exists(embeddingIn(space))))
      .orderBy('k.key_number')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, tags: [...r.tags] }));
  }

  async countMissing(sql: Sql, space: string): Promise<number> {
    const row = await sql.db
      .selectFrom('knowledge_entries as k')
      .select(raw<number>`count(*)::int`.as('n'))
      .where(({ not, exists }) => not(exists(embeddingIn(space))))
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** The space most vectors are in besides `current` (what a re-embedding replaces), if any. */
  async otherSpace(sql: Sql, current: string): Promise<string | null> {
    const {
      rows: [row],
    } = await raw<{ space: string }>`select space from knowledge_embeddings where space <> ${current} group by space order by count(*) desc limit 1`.execute(sql.db);
    return row ? text(row.space) : null;
  }
}

/** The columns an entry's fields set, alike on insert and update: the fields and their full-text vector. */
function entryColumns(fields: EntryFields) {
  return {
    kind: fields.kind,
    title: fields.title,
    body: fields.body,
    tags: [...fields.tags],
    files: [...fields.files],
    task_ids: [...fields.taskIds],
    search: searchVector(fields),
  };
}
