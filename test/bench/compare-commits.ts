/**
 * The claims and locks cells measured from two source trees in one run, interleaved, so a change to
 * the data layer is judged against its parent on the same machine under the same load (issue #19:
 * "check out the old commit beside the new").
 *
 *   git worktree add ../typed-base 4352dad && cp -al node_modules ../typed-base/   # the old commit, its deps
 *   BENCH_BASELINE_DIR=../typed-base node test/bench/compare-commits.ts
 *
 * Each cell runs in a child process (compare-cell.ts) that imports the tree's own bench and server
 * code; rounds alternate the order (base, head, then head, base) so a drift in load falls on both.
 * Prints claims/s and lock p50/p99 per tree (median over rounds), head ÷ base, and each round's figures.
 * BENCH_DURATION_MS (default 2000) per cell, BENCH_ROUNDS (default 2), BENCH_AGENTS (default 8),
 * BENCH_ENGINES (default postgresql,pglite).
 */
import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CellResult } from './compare-cell.ts';

const run = promisify(execFile);
const baseline = process.env['BENCH_BASELINE_DIR'];
if (!baseline) throw new Error('BENCH_BASELINE_DIR: the worktree of the old commit (with its node_modules) is required');
const trees = { base: resolve(baseline), head: fileURLToPath(new URL('../../', import.meta.url)) } as const;
const durationMs = Number(process.env['BENCH_DURATION_MS'] ?? 2000);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);
const agents = Number(process.env['BENCH_AGENTS'] ?? 8);
const engines = (process.env['BENCH_ENGINES'] ?? 'postgresql,pglite').split(',');
const CELL = fileURLToPath(new URL('./compare-cell.ts', import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

type Tree = keyof typeof trees;
type Kind = 'claims' | 'locks';

async function cell(tree: Tree, kind: Kind, engine: string): Promise<CellResult | null> {
  const { stdout } = await run(process.execPath, [CELL, trees[tree], kind, engine, String(agents), String(durationMs)], { maxBuffer: 1 << 24, timeout: 300_000 });
  const line = stdout.trim().split('\n').at(-1) ?? 'null';
  const result: CellResult | null = JSON.parse(line);
  return result;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

const began = new Date().toISOString();
const loadBefore = load();
const results = new Map<string, CellResult[]>();
let anomalies = 0;
for (let round = 0; round < rounds; round++) {
  const order: readonly Tree[] = round % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
  for (const engine of engines) {
    for (const kind of ['claims', 'locks'] as const) {
      for (const tree of order) {
        log(`round ${round + 1}: ${engine} ${kind}, ${agents} agents, ${tree} (load ${load()})`);
        const result = await cell(tree, kind, engine);
        if (!result) {
          log(`  ${engine} not available, skipped`);
          continue;
        }
        anomalies += result.anomalies;
        const key = `${engine} ${kind} ${tree}`;
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
  }
}

const lines = [
  `compare-commits — ${began}, Node ${process.version}, ${availableParallelism()} cores, load average ${loadBefore} before / ${load()} after`,
  `  base ${trees.base}`,
  `  head ${trees.head}`,
  `  ${agents} agents, ${durationMs} ms per cell, ${rounds} rounds interleaved (medians); claims: next + complete; locks: acquire with 20% refused overlaps`,
  '',
  'cell                      base          head          head/base  (each round)',
];
const pad = (text: string, width: number): string => text.padEnd(width);
for (const engine of engines) {
  const figure = (kind: Kind, tree: Tree, pick: (r: CellResult) => number): number => median((results.get(`${engine} ${kind} ${tree}`) ?? []).map(pick));
  const each = (kind: Kind, tree: Tree, pick: (r: CellResult) => number): string => (results.get(`${engine} ${kind} ${tree}`) ?? []).map((r) => pick(r).toFixed(0)).join('/');
  const row = (label: string, kind: Kind, pick: (r: CellResult) => number, unit: string): void => {
    const base = figure(kind, 'base', pick);
    const head = figure(kind, 'head', pick);
    // Each round's figures after the ratio, so the spread (the noise) is read beside the medians.
    lines.push(
      `${pad(`${engine} ${label}`, 26)}${pad(`${base.toFixed(1)} ${unit}`, 14)}${pad(`${head.toFixed(1)} ${unit}`, 14)}${pad((head / base).toFixed(2), 11)}rounds base ${each(kind, 'base', pick)}, head ${each(kind, 'head', pick)}`,
    );
  };
  row('claims/s', 'claims', (r) => r.summary.perSecond, '/s');
  row('claim p99', 'claims', (r) => r.summary.p99Ms, 'ms');
  row('lock p50', 'locks', (r) => r.summary.p50Ms, 'ms');
  row('lock p99', 'locks', (r) => r.summary.p99Ms, 'ms');
}
lines.push('', `anomalies (duplicate claims, missing locks, unexpected grants): ${anomalies}`);
console.log(lines.join('\n'));
