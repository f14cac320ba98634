/**
 * Our SQL on the ORM's Kysely (or one of its transactions or connections), with real bind parameters:
 * `query` for hand-written statements, `db` for statements typed from the entities (db/entities.ts).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './entities.ts';

export type Row = Record<string, unknown>;

/** Runs SQL, inside a transaction when it came from `Database.transaction`. */
export interface Sql {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * The same connection or transaction as a Kysely typed by the entities: table and column names are
   * checked by `tsc`, parameters are bound by the builder, and rows come back read by the entities' column
   * types (ISO timestamps, safe-integer bigints, text arrays) on both engines.
   */
  readonly db: Kysely<DB>;
}

/** Hand-written statements only: what a reserved connection (reserved-connection.ts) offers. */
export type RawSql = Pick<Sql, 'query'>;

/** The ORM's Kysely (with the entity plugin, database.ts), one of its transactions or a connection it handed out. */
export type Executor = Kysely<DB>;

export const sqlOf = (executor: Executor): Sql => ({
  query: async <T extends Row>(sql: string, params: readonly unknown[] = []) => (await executor.executeQuery<T>(CompiledQuery.raw(sql, [...params]))).rows as T[],
  db: executor,
});
