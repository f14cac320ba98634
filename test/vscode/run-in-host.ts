/**
 * Suite A: the extension under development inside the real VS Code of the code-server package, mocha
 * running in its extension host, against a coordinator started here. Prints activation time and lock →
 * badge latency; writes screenshots and test/artifacts/vscode-metrics.json.
 *
 *   node test/vscode/run-in-host.ts        (AC_GREP=pattern to run some tests)
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openPage, type OpenedPage } from './support/browser.ts';
import { buildExtension, buildSuite } from './support/build-suite.ts';
import { startCoordinatorProcess } from './support/coordinator-process.ts';
import { artifactsDir, repoRoot, requireEnvironment } from './support/environment.ts';
import { startHarness } from './support/harness-server.ts';
import { developmentUrl, startVscodeServer } from './support/vscode-server.ts';
import { createWorkspace } from './support/workspace.ts';

const RUN_TIMEOUT_MS = 6 * 60_000;

export async function runInHost(): Promise<number> {
  const env = requireEnvironment('VS Code suite A (extension host)');
  if (!env) return 0;
  const started = Date.now();
  const step = (what: string): void => console.log(`[vscode A ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  buildExtension();
  const suite = await buildSuite();
  step('built the extension and the suite');
  const coordinator = await startCoordinatorProcess();
  step(`coordinator at ${coordinator.url}`);
  const workspace = await createWorkspace({ 'agentCoordinator.serverUrl': coordinator.url, 'agentCoordinator.userName': 'e2e-human' });
  let opened: OpenedPage | null = null;
  const page = (): Page => {
    if (!opened) throw new Error('the page is not open yet');
    return opened.page;
  };
  const harness = await startHarness(page);
  const localState = await mkdtemp(join(tmpdir(), 'ac-vscode-local-'));
  const workbench = await startVscodeServer(env.codeServer, {
    // The local-server test starts a coordinator from these sources; its lock file and log go to XDG_DATA_HOME.
    AC_SERVER_ROOT: process.env['AC_E2E_SERVER_ROOT'] ?? repoRoot,
    XDG_DATA_HOME: localState,
    AC_HARNESS_URL: harness.url,
    AC_COORDINATOR_URL: coordinator.url,
    AC_SUITE_DIR: suite.dir,
    AC_SUITE_FILES: suite.files.join(','),
  });
  step(`VS Code server at ${workbench.base}`);
  let code = 1;
  try {
    opened = await openPage(env.chromium);
    const exit = new Promise<number>((resolve) => {
      void opened?.page.exposeFunction('codeAutomationExit', (c: number) => resolve(c));
    });
    await opened.page.goto(developmentUrl(workbench, workspace, join(repoRoot, 'extension'), suite.entry));
    step('workbench opened; tests run in the extension host');
    let timer: ReturnType<typeof setTimeout> | undefined;
    code = await Promise.race([
      exit,
      new Promise<number>((resolve) => {
        timer = setTimeout(() => {
          console.error(`no result within ${RUN_TIMEOUT_MS / 1000} s`);
          resolve(1);
        }, RUN_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    step(`tests finished with exit code ${code}`);
  } finally {
    writeFileSync(join(artifactsDir, 'vscode-metrics.json'), `${JSON.stringify({ suite: 'in-host', metrics: harness.metrics }, null, 2)}\n`);
    if (code !== 0) {
      writeFileSync(join(artifactsDir, 'vscode-a-console.log'), opened?.console.join('\n') ?? '');
      writeFileSync(join(artifactsDir, 'vscode-a-server.log'), `${workbench.process.output()}\n--- coordinator ---\n${coordinator.output()}`);
      await opened?.page.screenshot({ path: join(artifactsDir, 'vscode-a-failure.png') }).catch(() => undefined);
      console.error(`diagnostics in ${artifactsDir} (vscode-a-*.log, vscode-a-failure.png)`);
    }
    await opened?.close();
    await workbench.process.stop();
    await harness.close();
    await coordinator.close();
    await rm(localState, { recursive: true, force: true });
    // Kept after a failure: the extension host's logs are under the data folder.
    if (code === 0) for (const dir of [workspace, workbench.dataDir]) await rm(dir, { recursive: true, force: true });
    else console.error(`kept ${workspace} and ${workbench.dataDir} (logs under ud/logs)`);
  }
  for (const m of harness.metrics) console.log(`  metric ${m.name}: ${m.value.toFixed(1)} ${m.unit}`);
  return code;
}

if (import.meta.main) process.exit(await runInHost());
