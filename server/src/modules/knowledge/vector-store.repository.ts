/**
 * The statements of the embeddings' store: whether pgvector is there (catalogue reads), the extension,
 * the `knowledge_embeddings` table and each space's partial HNSW index (DDL, idempotent, serialised across
 * replicas by a transaction-level advisory lock), and dropping the spaces a re-embedding replaced. The table
 * exists only where pgvector does, so it is no entity: SQL as written, in Kysely `sql` templates, identifiers
 * and literals quoted by the builder (`raw.id`, `raw.lit`), values bound by it. vector-store.ts decides.
 */
import { sql as raw, type RawBuilder } from 'kysely';
import type { Sql } from '../../db/database.ts';

/** Serialises the DDL of replicas starting together (transaction-level advisory lock). */
const VECTOR_DDL_KEY = 74_210_005;
const lockVectorDdl = raw`select pg_advisory_xact_lock(${VECTOR_DDL_KEY})`;

const rows = async <R>(sql: Sql, statement: RawBuilder<R>): Promise<R[]> => (await statement.execute(sql.db)).rows;

/** pgvector indexes `vector` up to 2,000 dimensions and `halfvec` up to 4,000; beyond, searches scan. */
export function vectorCast(dimensions: number): { readonly type: string; readonly ops: string | null } {
  if (dimensions <= 2_000) return { type: `vector(${dimensions})`, ops: 'vector_cosine_ops' };
  if (dimensions <= 4_000) return { type: `halfvec(${dimensions})`, ops: 'halfvec_cosine_ops' };
  return { type: `vector(${dimensions})`, ops: null };
}

/** Space names go into SQL text (index names and partial-index predicates): only `[a-z0-9-]`. */
const isPlainSpace = (space: string): boolean => /^[a-z0-9-]{1,40}$/.test(space);

export function checkedSpace(space: string): string {
  if (!isPlainSpace(space)) throw new Error(`embedding space "${space}" is not a plain name`);
  return space;
}

export const indexName = (space: string): string => `knowledge_embeddings_${checkedSpace(space).replaceAll('-', '_')}`;

export const isVectorInstalled = async (sql: Sql): Promise<boolean> =>
  (await rows(sql, raw`select 1 from pg_extension where extname = 'vector'`)).length > 0;

export const isVectorOffered = async (sql: Sql): Promise<boolean> =>
  (await rows(sql, raw`select 1 from pg_available_extensions where name = 'vector'`)).length > 0;

/** The server's major version (for the advice naming the pgvector package to install). */
export async function serverMajorVersion(sql: Sql): Promise<number | null> {
  const [row] = await rows(sql, raw<{ major: number }>`select current_setting('server_version_num')::int / 10000 as major`);
  return row ? Number(row.major) : null;
}

/** pgvector's version, as installed in this database (`0.8.0`). */
export async function vectorVersion(sql: Sql): Promise<string | null> {
  const [row] = await rows(sql, raw<{ extversion: string }>`select extversion from pg_extension where extname = 'vector'`);
  return row ? String(row.extversion) : null;
}

export async function createVectorExtension(sql: Sql): Promise<void> {
  await rows(sql, lockVectorDdl);
  await rows(sql, raw`create extension if not exists vector`);
}

/** The embeddings table, and the space's index when its dimensions can be indexed. */
export async function createEmbeddingsTable(sql: Sql, space: string, dimensions: number): Promise<void> {
  const cast = vectorCast(dimensions);
  await rows(sql, lockVectorDdl);
  await rows(
    sql,
    raw`create table if not exists knowledge_embeddings (
      entry_id uuid not null references knowledge_entries(id) on delete cascade,
      space text not null,
      embedding vector not null,
      created_at timestamptz not null default now(),
      primary key (entry_id, space)
    )`,
  );
  if (cast.ops === null) return;
  await rows(
    sql,
    raw`create index if not exists ${raw.id(indexName(space))} on knowledge_embeddings
      using hnsw ((embedding::${raw.raw(cast.type)}) ${raw.raw(cast.ops)}) where space = ${raw.lit(checkedSpace(space))}`,
  );
}

/** The spaces with vectors besides `current` (only plain names: they go into index names). */
export async function otherSpaces(sql: Sql, current: string): Promise<string[]> {
  const found = await rows(sql, raw<{ space: string }>`select distinct space from knowledge_embeddings where space <> ${current}`);
  return found.map((r) => String(r.space)).filter(isPlainSpace);
}

/** Deletes every vector not in `current` and drops those spaces' indexes. */
export async function dropSpaces(sql: Sql, current: string, spaces: readonly string[]): Promise<void> {
  await rows(sql, lockVectorDdl);
  await rows(sql, raw`delete from knowledge_embeddings where space <> ${current}`);
  for (const space of spaces) await rows(sql, raw`drop index if exists ${raw.id(indexName(space))}`);
}
