/**
 * Reading the values of rows that no column type reads, the same way on both engines (node-pg hands back
 * timestamps and bigints as strings, PGlite as Date and number). A typed statement's rows need none of
 * this (entity-values-plugin.ts reads them through the entities' column types); what is left are the
 * statements no builder types: JSON columns (`json_agg`/`row_to_json`: the claim view, a claim with its
 * locks, a task's status change, task counts), a CTE that is no table (the lock insert), the event
 * sequencer on its reserved connection, and the knowledge searches over a table that is no entity.
 */
import { z } from 'zod';

export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new Error(`expected a timestamp, got ${typeof value}`);
}

export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, got ${String(value)}`);
  return n;
}

export const text = (value: unknown): string => String(value);

/** A timestamp (a string on node-pg and in JSON, a Date on PGlite) as an ISO string, for a row parsed whole by zod. */
export const timestampValue = z.union([z.string(), z.date()]).transform(isoTime);

/** A bigint (a string on node-pg, a number on PGlite and in JSON) as a safe integer, for a row parsed whole by zod. */
export const integerValue = z.union([z.number(), z.string()]).transform(int);

/** The rows of a `json_agg(…)` column (one statement returning several kinds of rows), each for a reader to parse: an empty list for null. */
export const jsonRows = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
