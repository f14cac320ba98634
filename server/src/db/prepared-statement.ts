/**
 * A typed statement built and compiled once, then run with new values: for the statements that every
 * request runs (the heartbeat's touch, a task by reference, the lock space), where building and compiling
 * a Kysely statement on each call cost more of the server's CPU than hand-written SQL had (about 0.1 ms
 * per statement, 0.15 ms for the heartbeat's CTE; CPU profile of the claims bench, 2026-12-06).
 *
 *   const touch = prepared<{ project: string; ids: string[] }>()((db, p) =>
 *     db.selectFrom('agents').select(['id']).where('project', '=', p.project).where('id', '=', (eb) => eb.fn.any(eb.val(p.ids))));
 *   const rows = await touch(sql, { project, ids });
 *
 * The builder gets placeholders (`p.project`) where the values go: objects that compile to bind
 * parameters like any value, found again by identity in the compiled parameters. Table and column names,
 * the placeholders' types and the rows stay checked by `tsc`; the rows are read by the entities' column
 * types (entity-values-plugin.ts) as for any typed statement.
 *
 * What a placeholder skips: the ORM plugin's conversion of a written value through its column's type. That
 * is the identity for every column type the entities use (ISO times, text lists, uuids; a bigint takes a
 * number on both drivers) but JSON: a JSON value is bound as `JSON.stringify` of it by the caller, or the
 * statement is not prepared. The statement's shape is fixed: one whose clauses depend on its input is built
 * on each call instead.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './entities.ts';
import type { Sql } from './sql-executor.ts';

const PLACEHOLDER_KIND = 'PreparedStatementPlaceholder';

/** `kind` also tells the ORM plugin to leave the value alone (it passes operation-node-like objects through). */
interface Placeholder {
  readonly kind: typeof PLACEHOLDER_KIND;
  readonly name: string;
}

const isPlaceholder = (value: unknown): value is Placeholder => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === PLACEHOLDER_KIND;

export type PreparedStatement<P, O> = (sql: Sql, values: P) => Promise<O[]>;

/**
 * Prepares a statement whose values are `P` (curried so that `P` is given and the rows' type inferred).
 * Compiled on first use, once per kind of database adapter (the SQL is the same on both engines).
 */
export const prepared =
  <P extends Record<string, unknown>>() =>
  <O>(build: (db: Kysely<DB>, values: Readonly<P>) => Compilable<O>): PreparedStatement<P, O> => {
    const placeholders = new Proxy({} as Readonly<P>, { get: (_target, name): Placeholder => ({ kind: PLACEHOLDER_KIND, name: String(name) }) });
    const compiledFor = new Map<unknown, CompiledQuery<O>>();
    return async (sql, values) => {
      const adapter = sql.db.getExecutor().adapter.constructor;
      let compiled = compiledFor.get(adapter);
      if (!compiled) {
        compiled = build(sql.db, placeholders).compile();
        compiledFor.set(adapter, compiled);
      }
      const parameters = compiled.parameters.map((parameter) => {
        if (!isPlaceholder(parameter)) return parameter;
        if (!(parameter.name in values)) throw new Error(`prepared statement: no value for ${parameter.name}`);
        return values[parameter.name];
      });
      const result = await sql.db.executeQuery<O>({ ...compiled, parameters });
      return result.rows;
    };
  };
