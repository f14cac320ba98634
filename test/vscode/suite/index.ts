/**
 * The extension-tests entry the workbench loads into the extension host (`extensionTestsPath`): runs the
 * bundled mocha suites and reports through the harness. Its promise decides the exit code the workbench
 * hands to `codeAutomationExit`.
 */
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { harness } from './harness-client.ts';

export async function run(): Promise<void> {
  const dir = process.env['AC_SUITE_DIR'];
  if (!dir) throw new Error('AC_SUITE_DIR is not set');
  const files = (process.env['AC_SUITE_FILES'] ?? '').split(',').filter(Boolean);
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', ...(process.env['AC_GREP'] ? { grep: process.env['AC_GREP'] } : {}) });
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => harness.log(format(...args));
  for (const file of files) mocha.addFile(join(dir, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  await harness.flush();
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
