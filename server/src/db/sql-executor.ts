/** Our SQL on the ORM's Kysely (or one of its transactions or connections), with real bind parameters. */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Row, Sql } from './database.ts';

/** The ORM's Kysely, one of its transactions or a connection it handed out: what runs our SQL. */
export type Executor = Pick<Kysely<unknown>, 'executeQuery'>;

export const sqlOf = (executor: Executor): Sql => ({
  query: async <T extends Row>(sql: string, params: readonly unknown[] = []) => (await executor.executeQuery<T>(CompiledQuery.raw(sql, [...params]))).rows as T[],
});
