/**
 * Suite B: what a user installs. Packages the .vsix (esbuild bundle + vsce), checks what it ships,
 * installs it into stock code-server, opens a folder against a coordinator started here, and checks
 * that a file another agent locked gets its explorer badge and that the Tasks view lists the tasks.
 * Screenshots of the explorer and the Tasks view go to test/artifacts/ (kept by CI).
 *
 *   node test/vscode/run-vsix.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import { openPage, type OpenedPage } from './support/browser.ts';
import { startCoordinatorProcess } from './support/coordinator-process.ts';
import { artifactsDir, repoRoot, requireEnvironment } from './support/environment.ts';
import { installVsix, startStockCodeServer, type RunningWorkbench } from './support/vscode-server.ts';
import { awaitWatch, rowDecoration, waitForText, watchBadge } from './support/workbench-dom.ts';
import { createWorkspace } from './support/workspace.ts';
import { listZip } from './support/zip.ts';

export const VSIX = join(repoRoot, 'extension', 'dist', 'agent-coordinator.vsix');
export const EXTENSION_ID = 'agent-coordinator.agent-coordinator-vscode';

export function packageVsix(): { readonly bytes: number; readonly files: readonly { name: string; size: number }[] } {
  const result = spawnSync('npm', ['run', 'package', '--silent'], { cwd: join(repoRoot, 'extension'), stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vsce package failed (exit ${result.status}):\n${result.stdout}`);
  const files = listZip(VSIX);
  const shipped = files.map((f) => f.name).filter((n) => n.startsWith('extension/'));
  assert.ok(shipped.includes('extension/dist/extension.cjs') && shipped.includes('extension/package.json'), `the .vsix ships ${shipped.join(', ')}`);
  const unwanted = shipped.filter((n) => /\.ts$|\/node_modules\/|\/src\/|\.map$|\/scripts\//.test(n));
  assert.deepEqual(unwanted, [], 'no TypeScript sources, source maps, scripts or node_modules in the .vsix');
  return { bytes: statSync(VSIX).size, files };
}

export async function runVsix(): Promise<number> {
  const env = requireEnvironment('VS Code suite B (.vsix in stock code-server)');
  if (!env) return 0;
  const started = Date.now();
  const step = (what: string): void => console.log(`[vscode B ${((Date.now() - started) / 1000).toFixed(1)} s] ${what}`);
  const vsix = packageVsix();
  const bundle = vsix.files.find((f) => f.name === 'extension/dist/extension.cjs')?.size ?? 0;
  step(`packaged ${VSIX}: ${(vsix.bytes / 1024).toFixed(1)} KiB (bundle ${(bundle / 1024).toFixed(1)} KiB, ${vsix.files.length} entries)`);

  const coordinator = await startCoordinatorProcess();
  const workspace = await createWorkspace({ 'agentCoordinator.serverUrl': coordinator.url, 'agentCoordinator.userName': 'vsix-human' });
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-code-server-'));
  const installed = await installVsix(env.codeServer, dataDir, VSIX);
  assert.match(installed, /successfully installed/, installed);
  const folders = readdirSync(join(dataDir, 'ext'));
  assert.ok(folders.some((f) => f.startsWith(`${EXTENSION_ID}-`)), `extensions folder holds ${folders.join(', ')}`);
  step('installed the .vsix into stock code-server');

  const api = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${coordinator.url}/trpc` })] });
  const bob = await api.register_agent.mutate({ name: 'bob', kind: 'claude-code' });
  await api.create_task.mutate({ title: 'Tidy the README', priority: 'low', files: ['README.md'] });
  await api.create_task.mutate({ title: 'Split the parser module', priority: 'high', files: ['src/alpha.ts', 'src/beta.ts'] });
  await api.get_next_task.mutate({ agent_id: bob.agent_id }); // bob claims the parser task: alpha and beta locked for it
  await api.create_task.mutate({ title: 'Document the lock protocol', priority: 'critical', files: ['docs/guide.md'] });

  let workbench: RunningWorkbench | null = null;
  let opened: OpenedPage | null = null;
  let code = 1;
  const latencies: number[] = [];
  try {
    workbench = await startStockCodeServer(env.codeServer, dataDir, workspace);
    step(`code-server at ${workbench.base}`);
    opened = await openPage(env.chromium);
    const page = opened.page;
    await page.goto(`${workbench.base}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label="src"]', { timeout: 60_000 });
    if (await page.locator('.part.auxiliarybar').isVisible()) await page.keyboard.press('Control+Alt+B'); // hide the chat side bar
    await page.click('.explorer-folders-view .monaco-list-row[aria-label="src"]');
    step('workbench ready; waiting for the badge of a file bob holds');
    await awaitWatch(page, await watchBadge(page, 'alpha.ts', true), 30_000);
    const decoration = await rowDecoration(page, 'alpha.ts');
    assert.equal(decoration?.badge, 'L');
    assert.match(decoration?.ariaLabel ?? '', /Locked by bob \(exclusive, T-2\)/);
    step(`badge on alpha.ts: "${decoration?.badge}" — ${decoration?.ariaLabel.split(' • ')[1] ?? ''}`);

    for (const name of ['gamma.ts', 'delta.ts', 'epsilon.ts', 'gamma.ts', 'delta.ts']) {
      const id = await watchBadge(page, name, true);
      const sent = performance.timeOrigin + performance.now();
      await api.lock_files.mutate({ paths: [`src/${name}`], agent_id: bob.agent_id });
      latencies.push((await awaitWatch(page, id, 2_000)) - sent);
      const gone = await watchBadge(page, name, false);
      await api.release_files.mutate({ paths: [`src/${name}`], agent_id: bob.agent_id });
      await awaitWatch(page, gone, 2_000);
    }
    await page.locator('.part.sidebar').screenshot({ path: join(artifactsDir, 'vsix-explorer.png') });

    await page.click('.activitybar .action-item a[aria-label^="Agent Coordinator"], .activitybar .action-item .action-label[aria-label^="Agent Coordinator"]', { timeout: 10_000 });
    await waitForText(page, '.part.sidebar', 'Split the parser module', 10_000);
    await waitForText(page, '.part.sidebar', 'Document the lock protocol', 10_000);
    await page.locator('.part.sidebar').screenshot({ path: join(artifactsDir, 'vsix-tasks.png') });
    await page.screenshot({ path: join(artifactsDir, 'vsix-workbench.png') });
    step(`screenshots in ${artifactsDir} (vsix-explorer.png, vsix-tasks.png, vsix-workbench.png)`);
    code = 0;
  } catch (error) {
    console.error(error);
    await opened?.page.screenshot({ path: join(artifactsDir, 'vsix-failure.png') }).catch(() => undefined);
    writeFileSync(join(artifactsDir, 'vsix-console.log'), `${opened?.console.join('\n') ?? ''}\n--- code-server ---\n${workbench?.process.output() ?? ''}\n--- coordinator ---\n${coordinator.output()}`);
    console.error(`diagnostics in ${artifactsDir} (vsix-failure.png, vsix-console.log)`);
  } finally {
    await opened?.close();
    await workbench?.process.stop();
    await coordinator.close();
    if (code === 0) for (const dir of [workspace, dataDir]) await rm(dir, { recursive: true, force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  writeFileSync(
    join(artifactsDir, 'vscode-vsix.json'),
    `${JSON.stringify({ vsixBytes: vsix.bytes, bundleBytes: bundle, files: vsix.files, lockToBadgeMs: latencies, lockToBadgeMedianMs: median }, null, 2)}\n`,
  );
  console.log(`  .vsix ${(vsix.bytes / 1024).toFixed(1)} KiB (bundle ${(bundle / 1024).toFixed(1)} KiB); stock code-server lock → badge median ${median.toFixed(1)} ms over ${latencies.length}`);
  return code;
}

if (import.meta.main) process.exit(await runVsix());
