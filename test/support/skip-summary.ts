/**
 * Mocha plugin (required by .mocharc.json): after the run, prints every reason a suite was skipped
 * (skips.ts) with how to get what was missing. Nothing is printed when nothing was skipped.
 * The global fixtures run in mocha's main process; a parallel run's workers inherit the environment set
 * here before they start, so their skips land in the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { recordedSkips, SKIPS_FILE_ENV } from './skips.ts';

export function mochaGlobalSetup(): void {
  process.env[SKIPS_FILE_ENV] = join(mkdtempSync(join(tmpdir(), 'ac-skips-')), 'skips.jsonl');
}

export function mochaGlobalTeardown(): void {
  const skips = recordedSkips();
  const file = process.env[SKIPS_FILE_ENV];
  if (file) rmSync(dirname(file), { recursive: true, force: true });
  if (skips.size === 0) return;
  const lines = [...skips].map(([reason, count]) => `  skipped ${count} suite${count === 1 ? '' : 's'}: ${reason}`);
  console.warn(['', 'SKIPPED (not a failure outside CI; run `npm test`, which starts PostgreSQL and NATS when installed, or see below):', ...lines].join('\n'));
}
