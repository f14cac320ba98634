/**
 * The dashboard's figures (BENCH_ONLY=dashboard), measured in real Chromium against the embedded server:
 * - bundle: JS and CSS of the built dashboard, raw and gzip (level 9, what a compressing proxy would send);
 * - time to interactive: navigation start → the board's tasks on screen (board-page.tsx's
 *   `ac:board-ready` mark), cold loads in fresh browser contexts, beside a baseline in the same run: a
 *   static file of the same server loaded the same way (navigation start → load event);
 * - event → screen: an MCP agent's create_task → its card on the board, timed from just before the call
 *   to the moment a MutationObserver in the page sees the card (Date.now() on both sides: one machine,
 *   one clock), over N tasks, with p50/p99; the baseline is the same create_task's own round trip.
 * Prints progress to stderr as it goes; the caller prints the returned lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { startTestCoordinator } from '../support/coordinator.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { buildDashboardIfMissing, launch } from '../dashboard/dashboard-support.ts';
import { percentile } from './stats.ts';

export interface DashboardFigures {
  readonly bundle: { readonly jsBytes: number; readonly jsGzip: number; readonly cssBytes: number; readonly cssGzip: number };
  readonly interactive: { readonly p50: number; readonly max: number; readonly loads: number };
  readonly staticPage: { readonly p50: number; readonly max: number };
  readonly cardOnScreen: { readonly p50: number; readonly p99: number; readonly tasks: number };
  readonly createRoundTrip: { readonly p50: number; readonly p99: number };
}

const stats = (samples: readonly number[]): { p50: number; p99: number; max: number } => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
};

function bundleSizes(dist: string): DashboardFigures['bundle'] {
  let jsBytes = 0;
  let jsGzip = 0;
  let cssBytes = 0;
  let cssGzip = 0;
  for (const name of readdirSync(`${dist}assets`)) {
    const bytes = readFileSync(`${dist}assets/${name}`);
    const gz = gzipSync(bytes, { level: 9 }).length;
    if (name.endsWith('.js')) {
      jsBytes += bytes.length;
      jsGzip += gz;
    } else if (name.endsWith('.css')) {
      cssBytes += bytes.length;
      cssGzip += gz;
    }
  }
  return { jsBytes, jsGzip, cssBytes, cssGzip };
}

export async function benchDashboard(log: (line: string) => void, tasks = Number(process.env['BENCH_DASHBOARD_TASKS'] ?? 100), loads = 7): Promise<DashboardFigures> {
  const dist = buildDashboardIfMissing();
  const bundle = bundleSizes(dist);
  log(`  bundle: JS ${(bundle.jsBytes / 1024).toFixed(1)} KiB (${(bundle.jsGzip / 1024).toFixed(1)} KiB gzip), CSS ${(bundle.cssBytes / 1024).toFixed(1)} KiB`);
  const server = await startTestCoordinator('pglite');
  if (!server) throw new Error('the embedded server did not start');
  const browser = await launch();
  const bot = await httpClient(server.url, 'bench-dashboard').connect();
  try {
    await bot.call('register_agent', { name: 'bench-dashboard', kind: 'claude-code' });
    for (let i = 0; i < 20; i++) await bot.call('create_task', { title: `Seed task ${i} for the board` });
    const css = readdirSync(`${dist}assets`).find((name) => name.endsWith('.css')) ?? 'index.html';

    const interactive: number[] = [];
    const staticPage: number[] = [];
    for (let i = 0; i <= loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/assets/${css}`, { waitUntil: 'load' });
      const loaded = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd ?? Number.NaN);
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => performance.getEntriesByName('ac:board-ready').length > 0, undefined, { timeout: 15_000 });
      const ready = await page.evaluate(() => performance.getEntriesByName('ac:board-ready')[0]?.startTime ?? Number.NaN);
      await context.close();
      if (i === 0) continue; // the first load warms the server's first queries and the browser's caches of itself
      interactive.push(ready);
      staticPage.push(loaded);
      log(`  load ${i}/${loads}: board ready at ${ready.toFixed(0)} ms (static file ${loaded.toFixed(0)} ms)`);
    }

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __acSeen: Record<string, number> }).__acSeen = seen;
      new MutationObserver(() => {
        const now = Date.now();
        for (const card of document.querySelectorAll<HTMLElement>('[data-task-key]')) {
          const key = card.dataset['taskKey'];
          if (key && seen[key] === undefined) seen[key] = now;
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    const onScreen: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < tasks; i++) {
      const started = Date.now();
      const created = (await bot.call('create_task', { title: `Bench card ${i}: shown on the board` })) as { key: string };
      roundTrip.push(Date.now() - started);
      const handle = await page.waitForFunction((key) => (window as unknown as { __acSeen: Record<string, number> }).__acSeen[key], created.key, { timeout: 15_000, polling: 'raf' });
      onScreen.push(Number(await handle.jsonValue()) - started);
      if ((i + 1) % 20 === 0 || i + 1 === tasks) log(`  create_task → card: ${i + 1}/${tasks}, p50 so far ${stats(onScreen).p50.toFixed(0)} ms`);
    }
    const tti = stats(interactive);
    const still = stats(staticPage);
    const card = stats(onScreen);
    const trip = stats(roundTrip);
    return {
      bundle,
      interactive: { p50: tti.p50, max: tti.max, loads: interactive.length },
      staticPage: { p50: still.p50, max: still.max },
      cardOnScreen: { p50: card.p50, p99: card.p99, tasks: onScreen.length },
      createRoundTrip: { p50: trip.p50, p99: trip.p99 },
    };
  } finally {
    await bot.close().catch(() => undefined);
    await browser.close();
    await server.close();
  }
}

export function dashboardLines(f: DashboardFigures): string[] {
  const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
  return [
    `bundle: JS ${kib(f.bundle.jsBytes)} (${kib(f.bundle.jsGzip)} gzip), CSS ${kib(f.bundle.cssBytes)} (${kib(f.bundle.cssGzip)} gzip)`,
    `time to interactive (navigation → board tasks on screen), ${f.interactive.loads} cold loads: p50 ${f.interactive.p50.toFixed(0)} ms, max ${f.interactive.max.toFixed(0)} ms`,
    `  baseline, a static file of the same server: p50 ${f.staticPage.p50.toFixed(0)} ms, max ${f.staticPage.max.toFixed(0)} ms`,
    `MCP create_task → card on screen, ${f.cardOnScreen.tasks} tasks: p50 ${f.cardOnScreen.p50.toFixed(0)} ms, p99 ${f.cardOnScreen.p99.toFixed(0)} ms`,
    `  baseline, the create_task round trip alone: p50 ${f.createRoundTrip.p50.toFixed(0)} ms, p99 ${f.createRoundTrip.p99.toFixed(0)} ms`,
  ];
}
