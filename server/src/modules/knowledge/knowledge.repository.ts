/**
 * Knowledge rows: entries with their full-text vector, the candidates of keyword and semantic search,
 * and the embeddings (in the table vector-store.ts creates when pgvector is there). Entries belong to a
 * project and are found, listed and searched only within it; the embedding bookkeeping of the
 * background indexer (missing vectors, spaces) spans every project, as its jobs do.
 */
import { randomUUID } from 'node:crypto';
import type { KnowledgeEntry, KnowledgeKind } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { int, text } from '../../db/row-values.ts';
import { toPgVector } from '../../embeddings/embedding-provider.ts';
import { checkedSpace, vectorCast } from './vector-store.ts';
import { KNOWLEDGE_COLUMNS, entryFromRow } from './knowledge.rows.ts';

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

// Title and tags weigh A, the body B: a query word in the title ranks the entry higher.
const SEARCH_VECTOR = `setweight(to_tsvector('english', $2), 'A') || setweight(to_tsvector('english', $3), 'A') || setweight(to_tsvector('english', $4), 'B')`;

/** `where` clauses on `k` for the project and the filter, numbering parameters after `offset`. */
function filterSql(project: string, filter: SearchFilter, offset: number): { readonly where: string; readonly params: unknown[] } {
  return {
    where: `k.project = $${offset + 1} and ($${offset + 2}::text is null or k.kind = $${offset + 2}) and ($${offset + 3}::text[] is null or k.tags @> $${offset + 3}::text[])`,
    params: [project, filter.kind ?? null, filter.tags && filter.tags.length > 0 ? [...filter.tags] : null],
  };
}

/** A K-n key or an id: what an entry may be named by (anything else names none). */
function refWhere(ref: string): { readonly where: string; readonly value: string | number } | null {
  if (ref.startsWith('K-')) return { where: 'k.key_number = $1::bigint', value: Number(ref.slice(2)) };
  return UUID.test(ref) ? { where: 'k.id = $1::uuid', value: ref } : null;
}

export class KnowledgeRepository {
  async insert(sql: Sql, project: string, fields: EntryFields, author: string | null): Promise<KnowledgeEntry> {
    const id = randomUUID();
    await sql.query(
      `insert into knowledge_entries (id, project, kind, title, body, tags, files, task_ids, author, search)
       values ($1, $10, $5, $2, $4, $6::text[], $7::text[], $8::uuid[], $9, ${SEARCH_VECTOR})`,
      [id, fields.title, fields.tags.join(' '), fields.body, fields.kind, [...fields.tags], [...fields.files], [...fields.taskIds], author, project],
    );
    return this.require(sql, id);
  }

  async update(sql: Sql, id: string, fields: EntryFields): Promise<KnowledgeEntry> {
    await sql.query(
      `update knowledge_entries set kind = $5, title = $2, body = $4, tags = $6::text[], files = $7::text[], task_ids = $8::uuid[],
         search = ${SEARCH_VECTOR}, updated_at = now()
       where id = $1`,
      [id, fields.title, fields.tags.join(' '), fields.body, fields.kind, [...fields.tags], [...fields.files], [...fields.taskIds]],
    );
    return this.require(sql, id);
  }

  async delete(sql: Sql, id: string): Promise<void> {
    await sql.query(`delete from knowledge_entries where id = $1`, [id]);
  }

  /** The project's entry named by id or key; null when it has none of that name. */
  async find(sql: Sql, project: string, ref: string, forUpdate = false): Promise<KnowledgeEntry | null> {
    const named = refWhere(ref);
    if (!named) return null;
    const [row] = await sql.query(
      `select ${KNOWLEDGE_COLUMNS} from knowledge_entries k where ${named.where} and k.project = $2${forUpdate ? ' for update of k' : ''}`,
      [named.value, project],
    );
    return row ? entryFromRow(row) : null;
  }

  /** The ids of the linked tasks, as stored (the entry itself shows their keys). */
  async taskIds(sql: Sql, id: string): Promise<string[]> {
    const [row] = await sql.query(`select task_ids::text[] as ids from knowledge_entries where id = $1`, [id]);
    return Array.isArray(row?.['ids']) ? row['ids'].map(String) : [];
  }

  /** An entry by the id this transaction already holds (inserted or found in its project). */
  async require(sql: Sql, id: string): Promise<KnowledgeEntry> {
    const [row] = await sql.query(`select ${KNOWLEDGE_COLUMNS} from knowledge_entries k where k.id = $1`, [id]);
    if (!row) throw new Error(`knowledge entry ${id} vanished inside its own transaction`);
    return entryFromRow(row);
  }

  /** The project's entries in this order of ids (unknown ids, and other projects' entries, are skipped). */
  async byIds(sql: Sql, project: string, ids: readonly string[]): Promise<KnowledgeEntry[]> {
    if (ids.length === 0) return [];
    const rows = await sql.query(`select ${KNOWLEDGE_COLUMNS} from knowledge_entries k where k.id = any($1::uuid[]) and k.project = $2`, [[...ids], project]);
    const byId = new Map(rows.map((r) => [text(r['id']), entryFromRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async list(sql: Sql, project: string, filter: ListFilter): Promise<KnowledgeEntry[]> {
    const f = filterSql(project, filter, 3);
    const rows = await sql.query(
      `select ${KNOWLEDGE_COLUMNS} from knowledge_entries k
       where ${f.where} and ($1::text is null or $1 = any(k.files)) and ($2::uuid is null or $2 = any(k.task_ids))
       order by k.key_number desc limit $3`,
      [filter.file ?? null, filter.taskId ?? null, filter.limit, ...f.params],
    );
    return rows.map(entryFromRow);
  }

  /**
   * Full-text candidates, best first, with ts_rank_cd scaled into [0, 1). A plain query matches any of
   * its words (more matches rank higher); quotes, `or` and `-word` are read as web-search syntax.
   */
  async keywordCandidates(sql: Sql, project: string, query: string, filter: SearchFilter, limit: number): Promise<Candidate[]> {
    const web = /["]|(^|\s)-\S|\sor\s/i.test(query);
    const tsquery = web ? `websearch_to_tsquery('english', $1)` : `replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery`;
    const f = filterSql(project, filter, 2);
    const rows = await sql.query(
      `select k.id, ts_rank_cd(k.search, q.tsq, 32) as rank
       from knowledge_entries k, (select ${tsquery} as tsq) q
       where k.search @@ q.tsq and ${f.where}
       order by rank desc, k.key_number desc limit $2`,
      [query, limit, ...f.params],
    );
    return rows.map((r) => ({ id: text(r['id']), score: Number(r['rank']) }));
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
    const cast = vectorCast(dimensions).type;
    const f = filterSql(project, filter, 2);
    // The space is inlined (a checked plain name) so the planner can match the partial HNSW index.
    const rows = await sql.query(
      `select e.entry_id, 1 - (e.embedding::${cast} <=> $1::${cast}) as similarity
       from knowledge_embeddings e join knowledge_entries k on k.id = e.entry_id
       where e.space = '${checkedSpace(space)}' and ${f.where}
       order by e.embedding::${cast} <=> $1::${cast} limit $2`,
      [toPgVector(vector), limit, ...f.params],
    );
    return rows.map((r) => ({ id: text(r['entry_id']), score: Number(r['similarity']) }));
  }

  async saveEmbedding(sql: Sql, id: string, space: string, vector: Float32Array): Promise<void> {
    await sql.query(
      `insert into knowledge_embeddings (entry_id, space, embedding) values ($1, $2, $3::vector)
       on conflict (entry_id, space) do update set embedding = excluded.embedding, created_at = now()`,
      [id, space, toPgVector(vector)],
    );
  }

  async dropEmbeddings(sql: Sql, id: string): Promise<void> {
    await sql.query(`delete from knowledge_embeddings where entry_id = $1`, [id]);
  }

  /** Entries without a vector in this space, oldest first. */
  async missingEmbeddings(sql: Sql, space: string, limit: number): Promise<{ id: string; title: string; body: string; tags: string[] }[]> {
    const rows = await sql.query(
      `select k.id, k.title, k.body, k.tags from knowledge_entries k
       where not exists (select 1 from knowledge_embeddings e where e.entry_id = k.id and e.space = $1)
       order by k.key_number limit $2`,
      [space, limit],
    );
    return rows.map((r) => ({ id: text(r['id']), title: text(r['title']), body: text(r['body']), tags: Array.isArray(r['tags']) ? r['tags'].map(String) : [] }));
  }

  async countMissing(sql: Sql, space: string): Promise<number> {
    const [row] = await sql.query(
      `select count(*) as n from knowledge_entries k where not exists (select 1 from knowledge_embeddings e where e.entry_id = k.id and e.space = $1)`,
      [space],
    );
    return int(row?.['n'] ?? 0);
  }

  /** The space most vectors are in besides `current` (what a re-embedding replaces), if any. */
  async otherSpace(sql: Sql, current: string): Promise<string | null> {
    const [row] = await sql.query(`select space from knowledge_embeddings where space <> $1 group by space order by count(*) desc limit 1`, [current]);
    return row ? text(row['space']) : null;
  }
}
