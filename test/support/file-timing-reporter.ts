/**
 * Mocha reporter for measuring where a run's wall time goes: the spec reporter's output, then (and into the
 * file named by AC_FILE_TIMINGS, as JSON) each spec file's wall time from its first suite starting to its last
 * suite ending, hooks included, the most expensive first. `npx mocha --reporter support/file-timing-reporter.ts`.
 * Under `--parallel` the times come from the workers (file-timings.ts), as events arrive here per finished file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import Mocha from 'mocha';

const { EVENT_RUN_BEGIN, EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;

interface FileTiming { file: string; ms: number; tests: number }

export default class FileTimingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    const started = new Map<string, number>();
    const timings = new Map<string, FileTiming>();
    let runStart = 0;
    const fileOf = (suite: Mocha.Suite): string | undefined => (suite.file === undefined ? undefined : relative(process.cwd(), suite.file));
    runner.on(EVENT_RUN_BEGIN, () => { runStart = Date.now(); });
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      const file = fileOf(suite);
      if (file !== undefined && suite.parent?.root === true && !started.has(file)) started.set(file, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
      const file = fileOf(suite);
      const start = file === undefined ? undefined : started.get(file);
      if (file === undefined || start === undefined || suite.parent?.root !== true) return;
      const entry = timings.get(file) ?? { file, ms: 0, tests: 0 };
      entry.ms = Date.now() - start;
      timings.set(file, entry);
    });
    const count = (test: Mocha.Test): void => {
      const file = test.file === undefined ? undefined : relative(process.cwd(), test.file);
      if (file === undefined) return;
      const entry = timings.get(file) ?? { file, ms: 0, tests: 0 };
      entry.tests += 1;
      timings.set(file, entry);
    };
    runner.on(EVENT_TEST_PASS, count);
    runner.on(EVENT_TEST_FAIL, count);
    runner.once(EVENT_RUN_END, () => {
      const out = process.env['AC_FILE_TIMINGS'];
      const fromWorkers = out !== undefined && existsSync(`${out}.jsonl`) ? readFileSync(`${out}.jsonl`, 'utf8').split('\n').filter((l) => l !== '') : [];
      for (const line of fromWorkers) {
        const { file, ms } = JSON.parse(line) as { file: string; ms: number };
        timings.set(file, { file, ms, tests: timings.get(file)?.tests ?? 0 });
      }
      const sorted = [...timings.values()].sort((a, b) => b.ms - a.ms);
      const wallMs = Date.now() - runStart;
      if (out !== undefined && out !== '') writeFileSync(out, JSON.stringify({ wallMs, files: sorted }, null, 2));
      console.log(`\nper-file wall time (run ${(wallMs / 1000).toFixed(1)} s):`);
      for (const t of sorted.slice(0, 20)) console.log(`  ${(t.ms / 1000).toFixed(1).padStart(7)} s  ${String(t.tests).padStart(3)} tests  ${t.file}`);
    });
  }
}
