/**
 * One benchmark cell measured from a given source tree (child of compare-commits.ts): imports that
 * tree's claims.bench.ts or locks.bench.ts, so the server code under test is the tree's own, and prints
 * the cell's summary as one JSON line on stdout.
 *
 * node compare-cell.ts <tree> <claims|locks> <postgresql|pglite> <agents> <durationMs>
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../support/coordinator.ts';
import type * as ClaimsBench from './claims.bench.ts';
import type * as LocksBench from './locks.bench.ts';
import type { Summary } from './stats.ts';

export interface CellResult {
  readonly summary: Summary;
  /** Duplicate claims, missing locks or unexpected grants: must be 0. */
  readonly anomalies: number;
}

const [tree, kind, engineArg, agentsArg, durationArg] = process.argv.slice(2);
if (!tree || (kind !== 'claims' && kind !== 'locks') || (engineArg !== 'postgresql' && engineArg !== 'pglite')) {
  throw new Error('usage: compare-cell.ts <tree> <claims|locks> <postgresql|pglite> <agents> <durationMs>');
}
const engine: Engine = engineArg;
const agents = Number(agentsArg);
const durationMs = Number(durationArg);

/** The tree's own bench module, typed by this tree's copy (the cell functions have kept their signatures since 4352dad). */
async function load<T>(file: string): Promise<T> {
  const module: T = await import(pathToFileURL(join(tree ?? '', 'test/bench', file)).href);
  return module;
}

async function measure(): Promise<CellResult | null> {
  if (kind === 'claims') {
    const { benchClaims } = await load<typeof ClaimsBench>('claims.bench.ts');
    const cell = await benchClaims(engine, agents, true, { warmupMs: 500, durationMs }, 8_000);
    return cell ? { summary: cell.summary, anomalies: cell.duplicates + cell.missingLocks } : null;
  }
  const { benchLocks } = await load<typeof LocksBench>('locks.bench.ts');
  const cells = await benchLocks(engine, [{ agents, overlap: true }], { warmupMs: 300, durationMs });
  const cell = cells?.[0];
  return cell ? { summary: cell.summary, anomalies: cell.unexpected } : null;
}

const result = await measure();
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
