/**
 * `npm run bench`: claims/s and lock ops/s with p50/p99 at 1, 8 and 32 agents through tRPC on PGlite
 * and PostgreSQL, each with its ratio to a raw SQL claim loop measured in this same run (just before the
 * coordinator cells of the same engine and concurrency), plus the embedded server's start and idle
 * memory; then scale-out (scale-out.bench.ts): three replica processes on PostgreSQL and NATS — claims
 * and lock grants through one replica and through three, event fan-out to 200 WebSocket subscribers on
 * the same and on another replica, RSS per replica. A benchmark, not a test: it asserts nothing, prints a
 * table and notes on where the time goes, and writes test/artifacts/bench.json.
 *
 * BENCH_DURATION_MS (default 3000) sets each cell's measured window. BENCH_ONLY=scale-out runs just the
 * PostgreSQL raw loop (the scale-out ratios need it) and the scale-out part; BENCH_ONLY=tools just the
 * tool-definition cell (what tools/list costs an agent, beside Task Master), which every run prints first;
 * BENCH_ONLY=globs just the glob-overlap cell (globs.bench.ts: the worst lock request the glob limits allow,
 * in process, a few seconds);
 * BENCH_ONLY=lockwait just the wait-to-grant latency (lockwait.bench.ts) beside polling every 100 ms.
 * BENCH_ONLY=hook just what the Claude Code PostToolUse hook costs per tool call (hook.bench.ts).
 * BENCH_ONLY=startup just the embedded server's start and memory (startup.bench.ts), from the sources,
 * the installed CLI package and the .vsix bundle (startup-installs.bench.ts), printed and not written to
 * bench.json.
 * BENCH_ONLY=dashboard just the web dashboard in Chromium (dashboard.bench.ts): bundle size, time to
 * interactive beside a static file, MCP create_task → card on screen p50/p99 beside the create's round
 * trip (BENCH_DASHBOARD_TASKS tasks, default 100); printed, not written to bench.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../support/coordinator.ts';
import { benchClaims, type ClaimCell } from './claims.bench.ts';
import { benchGlobs, formatGlobs, type GlobBenchResult } from './globs.bench.ts';
import type { Timing } from './closed-loop.ts';
import { benchLocks, REFUSE_EVERY, type LockCell } from './locks.bench.ts';
import { rawPglite, rawPostgres, type RawBaseline } from './raw-baseline.ts';
import { benchStartup, type StartupResult } from './startup.bench.ts';
import { benchInstalledStarts, type InstallsStartup } from './startup-installs.bench.ts';
import { buildReport, type RawCell } from './report.ts';
import { formatTable } from './stats.ts';
import { benchScaleOut, type ScaleOutResult } from './scale-out.bench.ts';
import { buildScaleReport } from './scale-report.ts';
import { benchToolBudget, toolBudgetLines, type ToolBudgetResult } from './tool-budget.bench.ts';
import { benchLockWait, lockWaitLines } from './lockwait.bench.ts';
import { benchHook, hookLines } from './hook.bench.ts';
import { benchDashboard, dashboardLines } from './dashboard.bench.ts';

const CONCURRENCY = [1, 8, 32] as const;
const durationMs = Number(process.env['BENCH_DURATION_MS'] ?? 3000);
const scaleOutOnly = process.env['BENCH_ONLY'] === 'scale-out';
const toolsOnly = process.env['BENCH_ONLY'] === 'tools';
const globsOnly = process.env['BENCH_ONLY'] === 'globs';
const startupOnly = process.env['BENCH_ONLY'] === 'startup';
const CLAIM_TIMING: Timing = { warmupMs: 500, durationMs };
const LOCK_TIMING: Timing = { warmupMs: 300, durationMs: Math.round(durationMs * 0.8) };
const ARTIFACT = fileURLToPath(new URL('../artifacts/bench.json', import.meta.url));

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Enough open tasks that no claim loop runs dry: twice what the raw loop would claim in the cell. */
const seedFor = (rawPerSecond: number): number =>
  Math.min(80_000, Math.max(4_000, Math.ceil((rawPerSecond * 2 * (CLAIM_TIMING.warmupMs + CLAIM_TIMING.durationMs)) / 1000)));

async function main(): Promise<void> {
  const began = Date.now();
  const loadBefore = loadavg();
  const raws: RawCell[] = [];
  const claims: ClaimCell[] = [];
  const locks: LockCell[] = [];
  const engines: Partial<Record<Engine, string>> = {};

  const failures: string[] = [];
  if (process.env['BENCH_ONLY'] === 'dashboard') {
    log('dashboard: the web dashboard in Chromium on the embedded server (dashboard.bench.ts)');
    const figures = await benchDashboard(log);
    const load = loadavg();
    const header = `agent-coordinator bench, dashboard only — ${new Date(began).toISOString()}, Node ${process.version}, load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${load.map((l) => l.toFixed(2)).join(' ')}`;
    console.log([header, ...dashboardLines(figures)].join('\n'));
    return;
  }
  if (process.env['BENCH_ONLY'] === 'lockwait') {
    log('lockwait: release → grant hand-offs on the embedded server (lockwait.bench.ts)');
    const figures = await benchLockWait(log);
    const header = `agent-coordinator bench, lockwait only — ${new Date(began).toISOString()}, Node ${process.version}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`;
    console.log([header, ...lockWaitLines(figures)].join('\n'));
    return;
  }
  if (process.env['BENCH_ONLY'] === 'hook') {
    const cells = await benchHook(log);
    const header = `agent-coordinator bench, hook only — ${new Date(began).toISOString()}, Node ${process.version}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`;
    console.log([header, ...hookLines(cells)].join('\n'));
    return;
  }
  log('globs: the worst lock request the glob limits allow, in process');
  const globs: GlobBenchResult | null = scaleOutOnly || toolsOnly || startupOnly ? null : benchGlobs(log);
  if (globsOnly && globs) {
    console.log([`agent-coordinator bench, globs only — ${new Date(began).toISOString()}, Node ${process.version}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`, ...formatGlobs(globs)].join('\n'));
    return;
  }
  /** A failing cell (a server mid-change, a database hiccup) is reported and skipped, not fatal to the run. */
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      failures.push(`${what}: ${message}`);
      log(`  failed: ${message}`);
      return null;
    }
  };

  log('tool definitions: tools/list of the core catalogue and of every toolset');
  const tools: ToolBudgetResult | null = startupOnly || globsOnly ? null : await attempt('tool definitions', benchToolBudget);
  const toolLines = tools ? toolBudgetLines(tools) : [];
  if (toolsOnly) {
    console.log(toolLines.join('\n'));
    return;
  }

  for (const engine of startupOnly ? [] : scaleOutOnly ? (['postgresql'] as const) : (['postgresql', 'pglite'] as const)) {
    const raw: RawBaseline | null = await attempt(`${engine} raw loop`, () => (engine === 'postgresql' ? rawPostgres() : rawPglite()));
    if (!raw) {
      log(`${engine}: not available, skipped`);
      continue;
    }
    engines[engine] = raw.describe;
    try {
      for (const agents of CONCURRENCY) {
        log(`${engine}: raw claim loop, ${agents} caller(s)`);
        const summary = await attempt(`${engine} raw loop, ${agents}`, () => raw.measure(agents, CLAIM_TIMING));
        if (summary) raws.push({ engine, agents, summary });
        for (const complete of scaleOutOnly ? [] : [false, true]) {
          const what = `${engine} claims, ${agents} agent(s)${complete ? ', each completing its task' : ''}`;
          log(what);
          const cell = await attempt(what, () => benchClaims(engine, agents, complete, CLAIM_TIMING, seedFor(summary?.perSecond ?? 5000)));
          if (cell) claims.push(cell);
        }
      }
    } finally {
      await raw.close();
    }
    if (scaleOutOnly) continue;
    log(`${engine}: lock acquire + release`);
    const specs = [false, true].flatMap((overlap) => CONCURRENCY.map((agents) => ({ agents, overlap })));
    locks.push(...((await attempt(`${engine} locks`, () => benchLocks(engine, specs, LOCK_TIMING))) ?? []));
  }

  const startup: StartupResult | null = scaleOutOnly
    ? null
    : await attempt('startup', () => {
        log('pglite: embedded server start on an existing data folder (child process)');
        return benchStartup({ runs: 3, idleMs: 2000 });
      });
  const installs: InstallsStartup | null = scaleOutOnly ? null : await attempt('startup from the packages', () => benchInstalledStarts(log, { runs: 3, idleMs: 2000 }));

  if (startupOnly) {
    const report = buildReport({ raws, claims, locks, startup, installs, failures, refuseShare: 1 / REFUSE_EVERY });
    console.log([`agent-coordinator startup bench — ${new Date(began).toISOString()}, Node ${process.version}, ${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before / ${loadavg().map((l) => l.toFixed(2)).join(' ')} after`, '', formatTable(report.rows), '', ...report.notes].join('\n'));
    return;
  }
  log('scale-out: 3 replica processes on PostgreSQL + NATS (claims and locks via 1 and 3 replicas, fan-out, memory)');
  const rawAt32 = raws.find((r) => r.engine === 'postgresql' && r.agents === 32)?.summary.perSecond ?? 5000;
  const scaleOut: ScaleOutResult | null = await attempt('scale-out', () => benchScaleOut(CLAIM_TIMING, seedFor(rawAt32), log));
  const scale = scaleOut ? buildScaleReport(scaleOut, raws) : { rows: [], checks: [], notes: [] };

  const report = buildReport({ raws, claims, locks, startup, installs, failures, refuseShare: 1 / REFUSE_EVERY });
  const header = [
    `agent-coordinator bench — ${new Date(began).toISOString()}, Node ${process.version}, ${availableParallelism()} cores, ` +
      `load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before / ${loadavg().map((l) => l.toFixed(2)).join(' ')} after`,
    ...Object.entries(engines).map(([engine, text]) => `  ${engine}: ${text}`),
    `  agents: one tRPC client each over HTTP (httpLink: one request per call, keep-alive), all in one worker thread;`,
    `  the coordinator runs in the main thread (startTestCoordinator), a fresh one per claim cell, its tasks seeded by one INSERT and`,
    `  ANALYZEd. Window ${CLAIM_TIMING.durationMs} ms after ${CLAIM_TIMING.warmupMs} ms warm-up per claim cell, ${LOCK_TIMING.durationMs} ms per lock cell.`,
    `  raw/s: the raw SQL claim loop at the same engine and concurrency, measured just before; ×raw = value ÷ raw/s.`,
    `  Fan-out latencies: ×raw = p99 ÷ the p99 of a bare WebSocket relay feeding the same subscribers in this run.`,
  ];
  const busiest = Math.max(loadBefore[0] ?? 0, loadavg()[0] ?? 0);
  if (busiest > availableParallelism() * 0.75) {
    header.push(`  NOTE: other work kept the machine busy (1-min load up to ${busiest.toFixed(1)} on ${availableParallelism()} cores): expect noisy figures.`);
  }
  console.log([...header, '', ...toolLines, '', formatTable([...report.rows, ...scale.rows]), report.raw, '', ...(globs ? formatGlobs(globs) : []), '', ...report.checks, ...scale.checks, '', ...report.notes, ...scale.notes].join('\n'));

  await mkdir(fileURLToPath(new URL('../artifacts/', import.meta.url)), { recursive: true });
  const json = {
    startedAt: new Date(began).toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { node: process.version, cores: availableParallelism(), loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    engines,
    timing: { claims: CLAIM_TIMING, locks: LOCK_TIMING },
    transport: 'tRPC over HTTP, httpLink (unbatched), one client per agent, agents in a worker thread',
    rows: [...report.rows, ...scale.rows],
    raw: raws,
    claims,
    locks,
    startup,
    installs,
    scaleOut,
    tools,
    globs,
    failures,
  };
  await writeFile(ARTIFACT, `${JSON.stringify(json, null, 2)}\n`);
  log(`wrote ${ARTIFACT} (${((Date.now() - began) / 1000).toFixed(0)} s in all)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
