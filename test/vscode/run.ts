/**
 * The real-VS-Code suites, one after the other (the machine is small): A — the extension under development
 * with mocha in the extension host; B — the packaged .vsix in stock code-server; C — a first run with only
 * the .vsix (it starts the coordinator it carries). `npm run test:vscode`.
 * Without code-server or Chromium they are skipped locally and fail under CI=true (support/environment.ts).
 */
import { runInHost } from './run-in-host.ts';
import { runVsix } from './run-vsix.ts';
import { runVsixFirstRun } from './run-vsix-first-run.ts';

const only = process.env['AC_VSCODE_SUITE'];
let failed = 0;
if (!only || only === 'A') failed += (await runInHost()) === 0 ? 0 : 1;
if (!only || only === 'B') failed += (await runVsix()) === 0 ? 0 : 1;
if (!only || only === 'C') failed += (await runVsixFirstRun()) === 0 ? 0 : 1;
process.exit(failed === 0 ? 0 : 1);
