/**
 * Mocha plugin (required by .mocharc.json): after the run, prints every reason a suite was skipped
 * (skips.ts) with how to get what was missing. Nothing is printed when nothing was skipped.
 */
import { recordedSkips } from './skips.ts';

export function mochaGlobalTeardown(): void {
  const skips = recordedSkips();
  if (skips.size === 0) return;
  const lines = [...skips].map(([reason, count]) => `  skipped ${count} suite${count === 1 ? '' : 's'}: ${reason}`);
  console.warn(['', 'SKIPPED (not a failure outside CI; run `npm test`, which starts PostgreSQL and NATS when installed, or see below):', ...lines].join('\n'));
}
