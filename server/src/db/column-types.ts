/**
 * Column types that read a value the same way on both engines, once, where the ORM maps a column:
 * node-pg hands timestamps and bigints back as strings, PGlite as Date and number. The domain speaks
 * ISO-8601 strings and safe integers, so that is what these types give the typed statements (the ORM's
 * Kysely with `convertValues`, db/typed-sql.ts) and what they accept as parameters.
 */
import { p, Type, type EntityProperty, type Platform } from '@mikro-orm/core';

/** `timestamptz` as an ISO-8601 string (`2026-12-05T15:20:07.000Z`), whichever engine read it. */
export class IsoTimeType extends Type<string, string> {
  override convertToDatabaseValue(value: string): string {
    return value;
  }

  override convertToJSValue(value: string | Date): string {
    if (value instanceof Date) return value.toISOString();
    return new Date(value).toISOString();
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform.getDateTimeTypeDeclarationSQL({ length: prop.length ?? platform.getDefaultDateTimeLength() });
  }
}

/** `bigint` (sequences, keys, fencing tokens) as a JS number: every value the coordinator makes is a safe integer. */
export class SafeBigIntType extends Type<number, string | number> {
  override convertToDatabaseValue(value: number): string {
    return String(value);
  }

  override convertToJSValue(value: string | number): number {
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`expected a safe integer in a bigint column, got ${String(value)}`);
    return n;
  }

  override compareAsType(): string {
    return 'number';
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return platform.getBigIntTypeDeclarationSQL({});
  }
}

/** `text[]` / `uuid[]` as a string list; a null array (an outer join, an aggregate over nothing) reads as empty. */
export class TextListType extends Type<string[], string[]> {
  override convertToDatabaseValue(value: readonly string[]): string[] {
    return [...value];
  }

  override convertToJSValue(value: readonly unknown[] | null): string[] {
    return Array.isArray(value) ? value.map(String) : [];
  }

  override compareAsType(): string {
    return 'array';
  }

  override getColumnType(prop: EntityProperty): string {
    return prop.columnTypes?.[0] ?? 'text[]';
  }
}

/** Property builders for the types above, so an entity reads `time()` rather than `p.type(IsoTimeType)`. */
export const time = () => p.type(IsoTimeType);
export const safeBigint = () => p.type(SafeBigIntType);
export const textList = () => p.type(TextListType).defaultRaw(`'{}'`);
