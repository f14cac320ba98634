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
import type { Database } from '../../db/database.ts';
import type { EmbeddingProvider } from '../../embeddings/embedding-provider.ts';
import {
  checkedSpace,
  createEmbeddingsTable,
  createVectorExtension,
  dropSpaces,
  isVectorInstalled,
  isVectorOffered,
  otherSpaces,
  serverMajorVersion,
  vectorVersion,
} from './vector-store.repository.ts';

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

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function prepareVectorStore(db: Database, provider: EmbeddingProvider): Promise<VectorAvailability> {
  if (!(await isVectorInstalled(db))) {
    if (!(await isVectorOffered(db))) {
      const major = (await serverMajorVersion(db)) ?? 16;
      return {
        available: false,
        reason: 'the PostgreSQL server has no pgvector extension ("vector"), so entries cannot be embedded',
        howToEnable:
          `install pgvector on the database server (Debian/Ubuntu: apt install postgresql-${major}-pgvector; containers: the pgvector/pgvector:pg${major} image) ` +
          'and restart the coordinator: it creates the extension and embeds existing entries in the background. Keyword search works meanwhile.',
      };
    }
    try {
      await db.transaction((sql) => createVectorExtension(sql));
    } catch (error) {
      return {
        available: false,
        reason: `pgvector is installed on the server but the coordinator could not create the extension: ${message(error)}`,
        howToEnable: 'a superuser runs `CREATE EXTENSION vector;` in the coordinator\'s database, then restart the coordinator. Keyword search works meanwhile.',
      };
    }
  }
  const space = checkedSpace(provider.space);
  await db.transaction((sql) => createEmbeddingsTable(sql, space, provider.dimensions));
  const [major = 0, minor = 0] = ((await vectorVersion(db)) ?? '0').split('.').map(Number);
  return { available: true, iterativeScan: major > 0 || minor >= 8 };
}

/** After a re-embedding completed: the vectors and indexes of every other space go. */
export async function dropOtherSpaces(db: Database, current: string): Promise<string[]> {
  const spaces = await otherSpaces(db, current);
  await db.transaction((sql) => dropSpaces(sql, current, spaces));
  return spaces;
}
