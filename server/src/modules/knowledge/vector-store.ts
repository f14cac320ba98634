/**
 * Whether this database can hold embeddings, decided once at startup, before anything is searched:
 * PGlite carries pgvector; a PostgreSQL server may not. When `vector` is available (or can be created)
 * the embeddings table and the index of the configured embedding space are created, idempotently;
 * when it is not, the reason and the way to enable it are kept for /healthz, the startup line and
 * every semantic search that has to be refused.
 *
 * Embeddings of every space live in one table with an untyped `vector` column; each space gets a
 * partial HNSW index on `embedding::vector(D)`, so a change of dimension needs no column change and
 * the old space stays intact until its replacement is complete.
 */
import { sql as raw, type RawBuilder } from 'kysely';
import type { Database, Sql } from '../../db/database.ts';
import type { EmbeddingProvider } from '../../embeddings/embedding-provider.ts';

/** Serialises the DDL of replicas starting together (transaction-level advisory lock). */
const VECTOR_DDL_KEY = 74_210_005;
const lockVectorDdl = raw`select pg_advisory_xact_lock(${VECTOR_DDL_KEY})`;

/**
 * Runs one of this file's statements: catalogue reads and DDL over a table that is no entity (it exists
 * only where pgvector does), SQL as written in Kysely `sql` templates, identifiers and literals quoted by
 * the builder (`raw.id`, `raw.lit`), values bound by it.
 */
const rows = async <R>(sql: Sql, statement: RawBuilder<R>): Promise<R[]> => (await statement.execute(sql.db)).rows;

export type VectorAvailability =
  | {
      readonly available: true;
      /**
       * pgvector 0.8+: an HNSW scan may go on past `ef_search` rows until enough pass the query's filter.
       * Every search filters by project, so on a server holding many projects this is what keeps a
       * small project's nearest entries from being crowded out by other projects' (older: best effort).
       */
      readonly iterativeScan: boolean;
    }
  | { readonly available: false; readonly reason: string; readonly howToEnable: string };

/** pgvector indexes `vector` up to 2,000 dimensions and `halfvec` up to 4,000; beyond, searches scan. */
export function vectorCast(dimensions: number): { readonly type: string; readonly ops: string | null } {
  if (dimensions <= 2_000) return { type: `vector(${dimensions})`, ops: 'vector_cosine_ops' };
  if (dimensions <= 4_000) return { type: `halfvec(${dimensions})`, ops: 'halfvec_cosine_ops' };
  return { type: `vector(${dimensions})`, ops: null };
}

/** Space names go into SQL text (index names and partial-index predicates): only `[a-z0-9-]`. */
export function checkedSpace(space: string): string {
  if (!/^[a-z0-9-]{1,40}$/.test(space)) throw new Error(`embedding space "${space}" is not a plain name`);
  return space;
}

export const indexName = (space: string): string => `knowledge_embeddings_${checkedSpace(space).replaceAll('-', '_')}`;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function prepareVectorStore(db: Database, provider: EmbeddingProvider): Promise<VectorAvailability> {
  const installed = await rows(db, raw`select 1 from pg_extension where extname = 'vector'`);
  if (installed.length === 0) {
    const offered = await rows(db, raw`select 1 from pg_available_extensions where name = 'vector'`);
    if (offered.length === 0) {
      const [row] = await rows(db, raw<{ major: number }>`select current_setting('server_version_num')::int / 10000 as major`);
      const major = row ? Number(row.major) : 16;
      return {
        available: false,
        reason: 'the PostgreSQL server has no pgvector extension ("vector"), so entries cannot be embedded',
        howToEnable:
          `install pgvector on the database server (Debian/Ubuntu: apt install postgresql-${major}-pgvector; containers: the pgvector/pgvector:pg${major} image) ` +
          'and restart the coordinator: it creates the extension and embeds existing entries in the background. Keyword search works meanwhile.',
      };
    }
    try {
      await db.transaction(async (sql) => {
        await rows(sql, lockVectorDdl);
        await rows(sql, raw`create extension if not exists vector`);
      });
    } catch (error) {
      return {
        available: false,
        reason: `pgvector is installed on the server but the coordinator could not create the extension: ${message(error)}`,
        howToEnable: 'a superuser runs `CREATE EXTENSION vector;` in the coordinator\'s database, then restart the coordinator. Keyword search works meanwhile.',
      };
    }
  }
  const space = checkedSpace(provider.space);
  const cast = vectorCast(provider.dimensions);
  await db.transaction(async (sql) => {
    await rows(sql, lockVectorDdl);
    await rows(
      sql,
      raw`
      create table if not exists knowledge_embeddings (
        entry_id uuid not null references knowledge_entries(id) on delete cascade,
        space text not null,
        embedding vector not null,
        created_at timestamptz not null default now(),
        primary key (entry_id, space)
      )`,
    );
    if (cast.ops !== null) {
      await rows(
        sql,
        raw`create index if not exists ${raw.id(indexName(space))} on knowledge_embeddings using hnsw ((embedding::${raw.raw(cast.type)}) ${raw.raw(cast.ops)}) where space = ${raw.lit(space)}`,
      );
    }
  });
  const [version] = await rows(db, raw<{ extversion: string }>`select extversion from pg_extension where extname = 'vector'`);
  const [major = 0, minor = 0] = String(version?.extversion ?? '0').split('.').map(Number);
  return { available: true, iterativeScan: major > 0 || minor >= 8 };
}

/** After a re-embedding completed: the vectors and indexes of every other space go. */
export async function dropOtherSpaces(db: Database, current: string): Promise<string[]> {
  const found = await rows(db, raw<{ space: string }>`select distinct space from knowledge_embeddings where space <> ${current}`);
  const spaces = found.map((r) => String(r.space)).filter((s) => /^[a-z0-9-]{1,40}$/.test(s));
  await db.transaction(async (sql) => {
    await rows(sql, lockVectorDdl);
    await rows(sql, raw`delete from knowledge_embeddings where space <> ${current}`);
    for (const space of spaces) await rows(sql, raw`drop index if exists ${raw.id(indexName(space))}`);
  });
  return spaces;
}
