/**
 * Suites skipped for want of a server (PostgreSQL, NATS) say why once more at the end of the run, after
 * mocha's summary, so a green run that did not run them is never mistaken for one that did
 * (skip-summary.ts prints them). Under CI=true the support helpers fail instead of skipping.
 */
const reasons = new Map<string, number>();

/** Notes that a suite was skipped because of `reason` (the same reason is counted, not repeated). */
export function recordSkip(reason: string): void {
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
}

export function recordedSkips(): ReadonlyMap<string, number> {
  return reasons;
}
