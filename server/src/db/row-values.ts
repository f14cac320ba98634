/**
 * Reading column values the same way on both engines: node-pg hands back timestamps and bigints as
 * strings, PGlite as Date and number.
 */
export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new Error(`expected a timestamp, got ${typeof value}`);
}

export const isoTimeOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : isoTime(value));

export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, got ${String(value)}`);
  return n;
}

export const text = (value: unknown): string => String(value);
export const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const textArray = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The rows of a `json_agg(…)` column (one statement returning several kinds of rows): an empty list for null. */
export const jsonRows = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);
