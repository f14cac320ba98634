/** Task counts by status as one JSON column, for the missions and sprints that group tasks. */
import type { TaskCounts } from '@agent-coordinator/shared';
import { int } from '../../db/row-values.ts';

/** `(select ... from tasks t where <where>)` as a json object of counts by status. */
export const taskCountsColumn = (where: string): string => `(select json_build_object(
    'open', count(*) filter (where t.status = 'open'),
    'claimed', count(*) filter (where t.status = 'claimed'),
    'in_progress', count(*) filter (where t.status = 'in_progress'),
    'done', count(*) filter (where t.status = 'done'),
    'failed', count(*) filter (where t.status = 'failed'),
    'cancelled', count(*) filter (where t.status = 'cancelled')) from tasks t where ${where})`;

const asRecord = (value: unknown): Record<string, unknown> => {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
};

export function taskCountsFrom(value: unknown): TaskCounts {
  const r = asRecord(value);
  return {
    open: int(r['open'] ?? 0),
    claimed: int(r['claimed'] ?? 0),
    in_progress: int(r['in_progress'] ?? 0),
    done: int(r['done'] ?? 0),
    failed: int(r['failed'] ?? 0),
    cancelled: int(r['cancelled'] ?? 0),
  };
}

/** A json column holding an array (node-pg parses json, PGlite too; a string is parsed here). */
export function jsonArray(value: unknown): unknown[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}
