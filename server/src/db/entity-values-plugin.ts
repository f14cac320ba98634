/**
 * The typed statements' Kysely plugin: MikroORM's entity plugin (`MikroKyselyPlugin`, `convertValues`)
 * for what a statement writes, and a leaner reading of what it returns.
 *
 * The ORM's plugin reads each result row by building, for every statement, a map of every column name
 * of every table the statement touches (four spellings each), then testing each of those names against
 * each row: on a lock request that reads the project's live locks joined with agents and tasks, that was
 * about 0.3 ms of CPU per request, a fifth of the typed statements' cost over hand-written SQL (CPU
 * profile of the locks bench, 2026-12-06). This plugin gives the same values with one map per set of
 * tables, built once, and one lookup per column of a row:
 * - the tables are every table the statement names (from, joins, into, update, subqueries), each under
 *   its alias: `pa.id as pa_id` reads as policy_audit's id, as in the ORM's plugin;
 * - a row's column is read through the entity property of that name, the last table's when several have
 *   it, as the ORM's plugin does (a column renamed by `as` is read as it comes, as there). Only `id` reads
 *   differently in different tables (a bigint in events and policy_audit, a uuid elsewhere), so a
 *   statement joining one of those two with another table renames the ids it selects;
 * - the value goes through the same conversion as in the ORM's plugin: the property's custom type
 *   (column-types.ts), booleans as booleans, and null stays null.
 * Parameters are still converted by the ORM's plugin (its `transformQuery`), so inserts and updates bind
 * exactly the values they bound before.
 */
import type { EntityMetadata, EntityProperty, Platform } from '@mikro-orm/core';
import { MikroKyselyPlugin, type SqlEntityManager } from '@mikro-orm/sql';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';

type Property = EntityProperty<unknown>;
type ColumnProperties = ReadonlyMap<string, Property>;

/** A table a statement names, under the name its columns go by there (its alias, or its own name). */
export interface NamedTable {
  readonly alias: string;
  readonly table: string;
}

const tableName = (node: Record<string, unknown>): string | undefined => {
  const name = (node['table'] as { identifier?: { name?: unknown } } | undefined)?.identifier?.name;
  return typeof name === 'string' ? name : undefined;
};

/** The tables a statement's tree names (from, joins, into, update, subqueries), in the order met, each alias once. */
export function tablesIn(node: unknown, found: NamedTable[] = []): NamedTable[] {
  if (typeof node !== 'object' || node === null) return found;
  if (Array.isArray(node)) {
    for (const item of node) tablesIn(item, found);
    return found;
  }
  const record = node as Record<string, unknown>;
  const aliased = record['kind'] === 'AliasNode' ? (record['node'] as Record<string, unknown> | undefined) : undefined;
  const table = aliased?.['kind'] === 'TableNode' ? tableName(aliased) : record['kind'] === 'TableNode' ? tableName(record) : undefined;
  if (table !== undefined) {
    const aliasName = (record['alias'] as { name?: unknown } | undefined)?.name;
    const alias = aliased && typeof aliasName === 'string' ? aliasName : table;
    if (!found.some((t) => t.alias === alias)) found.push({ alias, table });
    return found;
  }
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'object' && value !== null) tablesIn(value, found);
  }
  return found;
}

/** Column name → property for one table under one alias, with the spellings the ORM's plugin also matches. */
function columnsOf(meta: EntityMetadata, alias: string): Map<string, Property> {
  const map = new Map<string, Property>();
  for (const prop of meta.props as Property[]) {
    for (const field of prop.fieldNames ?? []) {
      for (const key of [field, `${alias}.${field}`, `${alias}_${field}`, `${alias}__${field}`]) if (!map.has(key)) map.set(key, prop);
    }
    if (!map.has(prop.name)) map.set(prop.name, prop);
  }
  return map;
}

/**
 * The columns to read, per statement (its query id), for every instance: a statement compiled once
 * (prepared-statement.ts) is read by whichever database runs it. The properties' column types convert
 * the same way in every instance; the reading instance's platform is passed to them.
 */
const statements = new WeakMap<object, ColumnProperties>();

export class EntityValuesPlugin implements KyselyPlugin {
  readonly #writes: MikroKyselyPlugin;
  readonly #platform: Platform;
  readonly #entities: ReadonlyMap<string, EntityMetadata>;
  /** Per list of aliased tables (`alias:table,…`): the merged map, built on first use. */
  readonly #merged = new Map<string, ColumnProperties>();

  constructor(em: SqlEntityManager) {
    this.#writes = new MikroKyselyPlugin(em, { convertValues: true });
    this.#platform = em.getDriver().getPlatform();
    this.#entities = new Map([...em.getMetadata().getAll().values()].map((meta) => [meta.tableName, meta] as const));
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const tables = tablesIn(args.node).filter((t) => this.#entities.has(t.table));
    if (tables.length > 0) statements.set(args.queryId, this.#columnsFor(tables));
    return this.#writes.transformQuery(args);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const columns = statements.get(args.queryId);
    if (!columns) return args.result;
    for (const row of args.result.rows) {
      for (const key in row) {
        const prop = columns.get(key);
        const value = row[key];
        if (prop && value !== null && value !== undefined) row[key] = this.#read(prop, value);
      }
    }
    return args.result;
  }

  #columnsFor(tables: readonly NamedTable[]): ColumnProperties {
    const signature = tables.map((t) => `${t.alias}:${t.table}`).join(',');
    let merged = this.#merged.get(signature);
    if (!merged) {
      const map = new Map<string, Property>();
      for (const { alias, table } of tables) {
        const meta = this.#entities.get(table);
        if (meta) for (const [key, prop] of columnsOf(meta, alias)) map.set(key, prop); // the last table's wins
      }
      merged = map;
      this.#merged.set(signature, merged);
    }
    return merged;
  }

  /** The ORM plugin's output conversion (its `prepareOutputValue`) for the kinds of property the entities use. */
  #read(prop: Property, value: unknown): unknown {
    if (prop.customType) return prop.customType.convertToJSValue(value, this.#platform);
    if (prop.runtimeType === 'boolean') return Boolean(value);
    if (prop.runtimeType === 'Date' && !(value instanceof Date) && !this.#platform.isNumericProperty(prop)) return this.#platform.parseDate(value as string);
    return value;
  }
}
