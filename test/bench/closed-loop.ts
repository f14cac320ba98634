/**
 * The closed-loop driver every benchmark cell uses: N callers, each issuing its next operation as soon as
 * the previous one returns, for a warm-up and then a measured window. An operation times its own primary
 * call (a claim, a lock acquire) so follow-up calls it makes (complete, release) cost wall time but are
 * not in the latency figures. Only operations that start inside the window are counted, and throughput
 * is divided by the time until the last of them finished, so calls in flight at the deadline bias nothing.
 */

/** What one operation reports: its label (`claimed`, `empty`, `granted`, `refused`) and its primary call's latency. */
export interface Outcome {
  readonly label: string;
  readonly latencyMs: number;
}

/** `stop` ends this caller's loop (e.g. the queue ran dry). */
export type Operation = (caller: number, iteration: number) => Promise<Outcome | 'stop'>;

export interface Timing {
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoopResult {
  /** Latencies (ms) of the operations counted in the window, unsorted. */
  readonly latenciesMs: number[];
  /** Counted operations by label. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** From the start of the window to the end of the last counted operation. */
  readonly elapsedMs: number;
  readonly errors: number;
  readonly firstError: string | null;
}

export async function closedLoop(callers: number, timing: Timing, operation: Operation): Promise<LoopResult> {
  const latenciesMs: number[] = [];
  const outcomes: Record<string, number> = {};
  let errors = 0;
  let firstError: string | null = null;
  const windowStart = performance.now() + timing.warmupMs;
  const deadline = windowStart + timing.durationMs;
  let lastEnd = windowStart;

  const caller = async (index: number): Promise<void> => {
    for (let iteration = 0; ; iteration++) {
      const start = performance.now();
      if (start >= deadline) return;
      let outcome: Outcome | 'stop';
      try {
        outcome = await operation(index, iteration);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        return; // a failing caller would otherwise spin on errors and inflate nothing but noise
      }
      if (outcome === 'stop') return;
      if (start < windowStart) continue;
      latenciesMs.push(outcome.latencyMs);
      outcomes[outcome.label] = (outcomes[outcome.label] ?? 0) + 1;
      lastEnd = Math.max(lastEnd, performance.now());
    }
  };

  await Promise.all(Array.from({ length: callers }, (_, i) => caller(i)));
  return { latenciesMs, outcomes, elapsedMs: lastEnd - windowStart, errors, firstError };
}

/** Times one call. */
export async function timed<T>(call: () => Promise<T>): Promise<{ readonly value: T; readonly latencyMs: number }> {
  const start = performance.now();
  const value = await call();
  return { value, latencyMs: performance.now() - start };
}
