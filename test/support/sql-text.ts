/**
 * SQL text with `$n` parameters, run by a test to arrange or inspect the database directly (a stale
 * timestamp, a row counted, a table emptied). The server has no such way in: its statements are typed or
 * Kysely `sql` templates (server/src/db/sql-executor.ts). A test states what it checks in the database's
 * own terms, so it runs SQL as written, on the same Kysely (inside a transaction when given one).
 */
import { CompiledQuery } from 'kysely';
import type { Coordinator } from '@agent-coordinator/server';

type Sql = Pick<Coordinator['database'], 'db'>;

export async function sqlText<T = Record<string, unknown>>(sql: Sql, text: string, params: readonly unknown[] = []): Promise<T[]> {
  const result = await sql.db.executeQuery<T>(CompiledQuery.raw(text, [...params]));
  return result.rows;
}
