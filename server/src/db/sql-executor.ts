/**
 * Our SQL on the ORM's Kysely (or one of its transactions or connections), always with bind parameters
 * the builder binds: statements typed from the entities (db/entities.ts), and, for the few no builder
 * types (JSON read back from data-modifying CTEs, a table that is no entity, DDL), Kysely `sql` templates
 * run on the same `db`. There is no way in for SQL text with hand-numbered `$n` parameters.
 */
import type { Kysely } from 'kysely';
import type { DB } from './entities.ts';

/** Runs SQL, inside a transaction when it came from `Database.transaction`. */
export interface Sql {
  /**
   * The same connection or transaction as a Kysely typed by the entities: table and column names are
   * checked by `tsc`, parameters are bound by the builder, and rows come back read by the entities' column
   * types (ISO timestamps, safe-integer bigints, text arrays) on both engines.
   */
  readonly db: Kysely<DB>;
}

/** The ORM's Kysely (with the entity plugin, database.ts), one of its transactions or a connection it handed out. */
export type Executor = Kysely<DB>;

export const sqlOf = (executor: Executor): Sql => ({ db: executor });
