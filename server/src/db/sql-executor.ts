/** Our SQL on the ORM's Kysely (or one of its transactions or connections), with real bind parameters. */
import { CompiledQuery, type Kysely } from 'kysely';

export type Row = Record<string, unknown>;

/** Runs SQL, inside a transaction when it came from `Database.transaction`. */
export interface Sql {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** The ORM's Kysely, one of its transactions or a connection it handed out: what runs our SQL. */
export type Executor = Pick<Kysely<unknown>, 'executeQuery'>;

export const sqlOf = (executor: Executor): Sql => ({
  query: async <T extends Row>(sql: string, params: readonly unknown[] = []) => (await executor.executeQuery<T>(CompiledQuery.raw(sql, [...params]))).rows as T[],
});
