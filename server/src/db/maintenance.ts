/**
 * Table statistics for the embedded database. PostgreSQL's autovacuum keeps planner statistics fresh;
 * PGlite has no autovacuum, and without statistics the planner takes a big queue for one row and sorts
 * every open task on each claim. So on PGlite the hot tables are analysed at start and then periodically.
 */
import { sql as raw } from 'kysely';
import type { Database } from './database.ts';

const ANALYZE_HOT_TABLES = raw`analyze tasks, task_dependencies, file_locks, agents, events`;
const EVERY_MS = 60_000;

/** Starts the periodic analysis where the engine needs it; returns the function that stops it. */
export function startMaintenance(database: Database, onError: (error: unknown) => void): () => void {
  if (database.engine !== 'pglite') return () => {};
  const analyze = (): void => void ANALYZE_HOT_TABLES.execute(database.db).catch(onError);
  analyze();
  const timer = setInterval(analyze, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
