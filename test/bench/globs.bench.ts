/**
 * The cost of the worst lock request the glob limits allow: 200 globs at the limits (LIMITS.globLength,
 * globWildcards, globAlternatives) checked for conflicts against 200 held ones of the same shape, none
 * overlapping, so an exact check must walk every pair. Measured in process on the conflict check itself
 * (findConflicts, what a lock request, a claim and a write check run), against a baseline measured in the
 * same run: 200 plain paths against 200 held plain paths in the same folders. Three figures per shape:
 * the request as served (one budget, LIMITS.globStepsPerRequest / globMillisPerRequest), the same check
 * exact with no budget (what the budget protects against), and the slowest single exact pair.
 */
import { LIMITS, decideOverlap, requestOverlapBudget, type OverlapBudget } from '@agent-coordinator/shared';
import { findConflicts, type HeldLock } from '../../server/src/modules/lock/lock-conflicts.ts';

export interface GlobShapeResult {
  readonly shape: string;
  readonly example: string;
  /** Median and slowest of the runs, ms: the check as a request runs it, under its budget. */
  readonly budgetedMs: { readonly median: number; readonly max: number };
  /** Whether the budgeted check still granted (decided exactly) or refused cautiously. */
  readonly budgetedGranted: boolean;
  /** The same 200 × 200 decided exactly, no budget: 200 × 4 timed once, scaled to 200 × 200. */
  readonly exactMs: number;
  readonly slowestPairMs: number;
  readonly slowestPairSteps: number;
}

export interface GlobBenchResult {
  readonly baselineMs: number;
  readonly shapes: readonly GlobShapeResult[];
}

const N = LIMITS.filesPerRequest;
const RUNS = 7;
const EXACT_SAMPLE = 4;

/** Shapes at the limits, `i` making each pattern distinct and `end` keeping the two sides apart. */
const SHAPES: Readonly<Record<string, (i: number, end: string) => string>> = {
  'star runs (8 wildcards, ~230 chars)': (i, end) => `g/${`*${'x'.repeat(30)}`.repeat(7)}*${i}${end}`,
  'globstars (7 × **/, ~215 chars)': (i, end) => `g/${`**/${'x'.repeat(26)}/`.repeat(7)}*${i}${end}`,
  '64-way braces with stars': (i, end) => `g/${'{*a,*b}'.repeat(3)}${'{a,b}'.repeat(3)}/${'x'.repeat(170)}*${i}${end}`,
};

const held = (path: string, i: number): HeldLock => ({ path, mode: 'exclusive', held_by: `holder-${i}`, held_by_id: 'holder', task_id: null, task_key: null, expires_at: '' });

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function timeIt(run: () => void): number {
  const began = performance.now();
  run();
  return performance.now() - began;
}

export function benchGlobs(log: (line: string) => void): GlobBenchResult {
  const baselineTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const locks = Array.from({ length: N }, (_, i) => held(`g/dir${i % 20}/held-${r}-${i}.ts`, i));
    const wanted = Array.from({ length: N }, (_, i) => `g/dir${i % 20}/file-${r}-${i}.ts`);
    baselineTimes.push(timeIt(() => findConflicts(wanted, 'exclusive', 'seeker', locks)));
  }
  const baselineMs = median(baselineTimes);
  log(`globs: baseline, ${N} plain paths against ${N} held: ${baselineMs.toFixed(2)} ms`);

  const shapes: GlobShapeResult[] = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    const times: number[] = [];
    let granted = true;
    // fresh patterns every run, so neither the compiled automata nor the overlap answers come from a cache
    for (let r = 0; r < RUNS; r++) {
      const locks = Array.from({ length: N }, (_, i) => held(make(i, `y${r}`), i));
      const wanted = Array.from({ length: N }, (_, i) => make(i, `z${r}`));
      times.push(timeIt(() => (granted = findConflicts(wanted, 'exclusive', 'seeker', locks, requestOverlapBudget()).length === 0)));
    }
    // exact, no budget: 200 wanted against a sample of the held ones, scaled up to all 200 (minutes otherwise)
    const exactLocks = Array.from({ length: EXACT_SAMPLE }, (_, i) => held(make(i, 'ye'), i));
    const exactWanted = Array.from({ length: N }, (_, i) => make(i, 'ze'));
    const unlimited = (): OverlapBudget => ({ remaining: Number.MAX_SAFE_INTEGER });
    const exactMs = (timeIt(() => findConflicts(exactWanted, 'exclusive', 'seeker', exactLocks, unlimited())) * N) / EXACT_SAMPLE;
    let slowestPairMs = 0;
    let slowestPairSteps = 0;
    for (let i = 0; i < 20; i++) {
      const budget = unlimited();
      const ms = timeIt(() => decideOverlap(make(i, 'p'), make(i + 1, 'q'), budget));
      slowestPairMs = Math.max(slowestPairMs, ms);
      slowestPairSteps = Math.max(slowestPairSteps, Number.MAX_SAFE_INTEGER - budget.remaining);
    }
    const result = { shape, example: make(0, 'y'), budgetedMs: { median: median(times), max: Math.max(...times) }, budgetedGranted: granted, exactMs, slowestPairMs, slowestPairSteps };
    log(
      `globs: ${shape}: as served ${result.budgetedMs.median.toFixed(1)} ms median, ${result.budgetedMs.max.toFixed(1)} max (${granted ? 'granted' : 'refused cautiously'}), ` +
        `${(result.budgetedMs.median / Math.max(baselineMs, 0.001)).toFixed(0)}× baseline; exact ≈${exactMs.toFixed(0)} ms; slowest pair ${slowestPairMs.toFixed(2)} ms / ${slowestPairSteps} steps`,
    );
    shapes.push(result);
  }
  return { baselineMs, shapes };
}

/** The table lines the bench prints. */
export function formatGlobs(result: GlobBenchResult): string[] {
  return [
    `glob overlap, worst requests the limits allow (${N} globs against ${N} held, none overlapping; baseline ${N} plain paths against ${N}: ${result.baselineMs.toFixed(2)} ms)`,
    ...result.shapes.map(
      (s) =>
        `  ${s.shape.padEnd(38)} as served ${s.budgetedMs.median.toFixed(1).padStart(6)} ms (max ${s.budgetedMs.max.toFixed(1)}, ×${(s.budgetedMs.median / Math.max(result.baselineMs, 0.001)).toFixed(0)} baseline, ${s.budgetedGranted ? 'granted' : 'refused cautiously'})` +
        `  exact, no budget ≈${s.exactMs.toFixed(0).padStart(6)} ms  slowest pair ${s.slowestPairMs.toFixed(2)} ms / ${s.slowestPairSteps} steps`,
    ),
  ];
}
