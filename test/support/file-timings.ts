/**
 * Root hooks for file-timing-reporter.ts under `--parallel`: there the reporter sees a file's events only
 * when its worker has finished it, all at once, so each worker times its own files (its root suite is one
 * file) and appends `{ file, ms }` lines to `<AC_FILE_TIMINGS>.jsonl`. Does nothing in a serial run.
 *   npx mocha --parallel --require support/file-timings.ts --reporter support/file-timing-reporter.ts
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type Mocha from 'mocha';

const out = process.env['AC_FILE_TIMINGS'];
const inWorker = process.env['MOCHA_WORKER_ID'] !== undefined;
let started = 0;

const fileOf = (context: Mocha.Context): string | undefined => {
  const file = context.test?.parent?.suites[0]?.file;
  return file === undefined ? undefined : relative(process.cwd(), file);
};

export const mochaHooks = {
  beforeAll(): void {
    started = Date.now();
  },
  afterAll(this: Mocha.Context): void {
    const file = fileOf(this);
    if (!inWorker || !out || file === undefined) return;
    appendFileSync(`${out}.jsonl`, `${JSON.stringify({ file, ms: Date.now() - started })}\n`);
  },
};
