/**
 * Suites skipped for want of a server (PostgreSQL, NATS) say why once more at the end of the run, after
 * mocha's summary, so a green run that did not run them is never mistaken for one that did
 * (skip-summary.ts prints them). Under CI=true the support helpers fail instead of skipping.
 *
 * A parallel run records skips in its worker processes and prints them in the main one: skip-summary.ts
 * names a file in SKIPS_FILE_ENV before the workers start, and each skip is one line appended to it.
 */
import { appendFileSync, readFileSync } from 'node:fs';

export const SKIPS_FILE_ENV = 'AC_TEST_SKIPS_FILE';

const reasons = new Map<string, number>();

/** Notes that a suite was skipped because of `reason` (the same reason is counted, not repeated). */
export function recordSkip(reason: string): void {
  const file = process.env[SKIPS_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(reason)}\n`);
  else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
}

export function recordedSkips(): ReadonlyMap<string, number> {
  const all = new Map(reasons);
  const file = process.env[SKIPS_FILE_ENV];
  const lines = file ? readFileSync(file, { encoding: 'utf8', flag: 'a+' }).split('\n').filter((line) => line !== '') : [];
  for (const line of lines) {
    const reason = JSON.parse(line) as string;
    all.set(reason, (all.get(reason) ?? 0) + 1);
  }
  return all;
}
