/** Percentiles, per-cell summaries and the printed table of a benchmark run. */
import type { LoopResult } from './closed-loop.ts';

/** Nearest-rank percentile (p in 0..100) of ascending values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface Summary {
  /** Operations counted (all labels). */
  readonly ops: number;
  /** Operations with the label the figure is about, per second of the measured window. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
  readonly errors: number;
  readonly firstError: string | null;
}

/** Summarises a loop; `rateOf` names the outcome that counts toward the rate (default: every outcome). */
export function summarize(result: LoopResult, rateOf?: string): Summary {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const ops = sorted.length;
  const counted = rateOf === undefined ? ops : (result.outcomes[rateOf] ?? 0);
  return {
    ops,
    perSecond: result.elapsedMs > 0 ? (counted * 1000) / result.elapsedMs : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: ops > 0 ? sorted.reduce((sum, v) => sum + v, 0) / ops : Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
    outcomes: result.outcomes,
    elapsedMs: result.elapsedMs,
    errors: result.errors,
    firstError: result.firstError,
  };
}

/** One line of the report. `met` is null where the row has no target. */
export interface ReportRow {
  readonly engine: string;
  readonly agents: number | null;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** The raw claim loop's rate at the same engine and concurrency. */
  readonly rawPerSecond: number | null;
  readonly ratioToRaw: number | null;
  readonly target: string | null;
  readonly met: boolean | null;
}

const fixed = (value: number | null, digits: number): string => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));

const formatValue = (row: ReportRow): string => {
  const digits = row.value >= 100 ? 0 : row.value >= 10 ? 1 : 2;
  return `${row.value.toFixed(digits)} ${row.unit}`;
};

/** A fixed-width text table, one row per figure. */
export function formatTable(rows: readonly ReportRow[]): string {
  const header = ['engine', 'agents', 'metric', 'value', 'p50 ms', 'p99 ms', 'raw/s', '×raw', 'target', 'met?'];
  const cells = rows.map((r) => [
    r.engine,
    r.agents === null ? '' : String(r.agents),
    r.metric,
    formatValue(r),
    fixed(r.p50Ms, 1),
    fixed(r.p99Ms, 1),
    r.rawPerSecond === null ? '' : r.rawPerSecond.toFixed(0),
    r.ratioToRaw === null ? '' : `${r.ratioToRaw.toFixed(2)}×`,
    r.target ?? '',
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const numeric = new Set([1, 3, 4, 5, 6, 7]);
  const line = (c: readonly string[]): string =>
    c.map((text, i) => (numeric.has(i) ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export const ms = (value: number): string => `${value.toFixed(2)} ms`;
