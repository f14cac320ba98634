/**
 * The embedded server's start, as a user runs it: a child process `node server/src/cli/main.ts serve
 * --data-dir D --port P`, with --liftoff-only as `npm start` passes it (cli/wasm-baseline.ts; without it
 * serve starts itself again with it, and the memory figures sum both processes). First starts on an empty folder: once from the data image
 * (server/dist/pgdata.tar.gz, built here when missing) and once through initdb, as without the image. Then
 * each timed restart is the wall time from spawn to the first `/healthz` 200 (Node start, module loading
 * and type stripping, PGlite open, migration check, listen), then the resident memory after it has idled
 * for a while and the peak of the whole start. The raw baseline, in the same run: a bare Node process that
 * only opens the same folder with PGlite (time to its first query, peak and idle RSS).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { PGLITE_SHARED_BUFFERS } from '@agent-coordinator/server';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'server', 'src', 'cli', 'main.ts');
const DATA_IMAGE = join(REPO_ROOT, 'server', 'dist', 'pgdata.tar.gz');
const BUILD_DATA_IMAGE = join(REPO_ROOT, 'server', 'scripts', 'build-data-image.ts');

export interface StartupRun {
  /** Spawn to first /healthz 200. */
  readonly healthyMs: number;
  /** What the server itself reports as its `startServer` time ("ready in N ms"). */
  readonly serverReadyMs: number | null;
  /** Both processes (the relaunching `serve` and the server). */
  readonly idleRssMiB: number;
  /** Sum of both processes' peaks: an upper bound of the start's peak. */
  readonly peakRssMiB: number;
  /** The server process alone. */
  readonly serverPeakRssMiB: number;
}

export interface FirstStart {
  readonly healthyMs: number;
  readonly peakRssMiB: number;
  readonly serverPeakRssMiB: number;
}

export interface BareBaseline {
  readonly readyMs: number;
  readonly peakRssMiB: number;
  readonly idleRssMiB: number;
}

export interface StartupResult {
  /** First start on an empty folder from the data image (the figure the targets are about). */
  readonly firstStartMs: number;
  readonly firstStart: FirstStart;
  /** First start on an empty folder through initdb, as without an image (the old behaviour). */
  readonly firstStartInitdb: FirstStart | null;
  readonly imageBytes: number | null;
  readonly runs: readonly StartupRun[];
  readonly idleMs: number;
  /** RSS of a Node process that only opens the same folder with PGlite (+pgvector) and idles as long. */
  readonly bareRssMiB: number | null;
  readonly bare: BareBaseline | null;
}

/** Opens the folder the way the server does (database.ts: same extension, same buffer pool), with nothing else loaded. */
const BARE_PGLITE = `
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=${PGLITE_SHARED_BUFFERS}'];
const db = await PGlite.create({ dataDir: process.env.BENCH_DATA_DIR, extensions: { vector }, startParams });
await db.query('select 1');
process.stdout.write('ready\\n');
setInterval(() => {}, 60_000);
`;

async function bareBaseline(dataDir: string, idleMs: number): Promise<BareBaseline | null> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_PGLITE], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const ready = await new Promise<boolean>((resolve) => {
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        if (chunk.includes('ready')) resolve(true);
      });
      child.once('exit', () => resolve(false));
    });
    if (!ready || child.pid === undefined) return null;
    const readyMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const memory = await memoryOf(child.pid);
    return { readyMs, peakRssMiB: memory.peak, idleRssMiB: memory.rss };
  } finally {
    await stop(child);
  }
}

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly healthyMs: number;
  readonly serverReadyMs: () => number | null;
}

/**
 * How a server is started: the executable, the arguments before `serve`, the folder and environment. The
 * default is the sources as `npm start` runs them; startup-installs.bench.ts adds the installed CLI package
 * and the extension's bundled server.
 */
export interface Launcher {
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

// As `npm start` runs it: with V8's baseline WebAssembly compiler only, so serve need not start itself again.
const SOURCES: Launcher = { label: 'sources (npm start)', file: process.execPath, args: ['--liftoff-only', CLI], cwd: REPO_ROOT, env: process.env };

async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}, launcher: Launcher = SOURCES): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(launcher.file, [...launcher.args, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: launcher.cwd,
    env: { ...launcher.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was healthy: ${stderr.trim()}`))));
  exited.catch(() => {});
  const deadline = started + 60_000;
  for (;;) {
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy within 60 s: ${stderr.trim()}`);
    }
    const healthy = await Promise.race([
      fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
        (res) => res.status === 200,
        () => false,
      ),
      exited,
    ]);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const healthyMs = performance.now() - started;
  return { child, url, healthyMs, serverReadyMs: () => Number(/ready in (\d+) ms/.exec(stderr)?.[1] ?? Number.NaN) || null };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The process and its children (the server `serve` started again with --liftoff-only). */
async function treeOf(pid: number): Promise<number[]> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return [pid, ...children.split(' ').filter(Boolean).map(Number)];
}

/** Memory of a `serve` process tree: summed RSS and peaks, and the largest single peak (the server's). */
async function treeMemory(pid: number): Promise<{ rss: number; peak: number; serverPeak: number }> {
  const all = await Promise.all((await treeOf(pid)).map((p) => memoryOf(p).catch(() => ({ rss: 0, peak: 0 }))));
  return { rss: all.reduce((a, m) => a + m.rss, 0), peak: all.reduce((a, m) => a + m.peak, 0), serverPeak: Math.max(...all.map((m) => m.peak)) };
}

/** A first start on an empty folder: time to healthy and the start's peak (read once healthy). */
async function firstStart(dataDir: string, env: NodeJS.ProcessEnv = {}, launcher: Launcher = SOURCES): Promise<{ served: Served; first: FirstStart }> {
  const served = await serve(dataDir, env, launcher);
  const pid = served.child.pid;
  const memory = pid === undefined ? { peak: Number.NaN, serverPeak: Number.NaN } : await treeMemory(pid);
  return { served, first: { healthyMs: served.healthyMs, peakRssMiB: memory.peak, serverPeakRssMiB: memory.serverPeak } };
}

async function ensureDataImage(): Promise<number | null> {
  if (!(await access(DATA_IMAGE).then(() => true, () => false))) {
    await promisify(execFile)(process.execPath, [BUILD_DATA_IMAGE], { cwd: REPO_ROOT }).catch(() => null);
  }
  return (await readFile(DATA_IMAGE).catch(() => null))?.length ?? null;
}

/** VmRSS and VmHWM of a process, in MiB. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Starts as one launcher runs them: a first start on an empty folder (from the data image), then restarts. */
export interface LauncherStarts {
  readonly label: string;
  readonly firstStart: FirstStart;
  readonly runs: readonly StartupRun[];
}

/** A first start on `folder` (empty), a little data through tRPC, then `runs` timed restarts with idle memory. */
async function startsOf(folder: string, launcher: Launcher, options: { readonly runs: number; readonly idleMs: number }): Promise<LauncherStarts> {
  const { served: first, first: firstFigures } = await firstStart(folder, {}, launcher);
  try {
    const { client, close } = connect(first.url);
    const agent = await client.register_agent.mutate({ name: 'startup-bench', kind: 'cli' });
    for (let i = 0; i < 50; i++) await client.create_task.mutate({ title: `startup task ${i}`, files: [`src/startup/${i}.ts`] });
    await client.get_next_task.mutate({ agent_id: agent.agent_id });
    close();
  } finally {
    await stop(first.child);
  }
  const runs: StartupRun[] = [];
  for (let i = 0; i < options.runs; i++) {
    const served = await serve(folder, {}, launcher);
    try {
      await new Promise((resolve) => setTimeout(resolve, options.idleMs));
      const pid = served.child.pid;
      const memory = pid === undefined ? { rss: Number.NaN, peak: Number.NaN, serverPeak: Number.NaN } : await treeMemory(pid);
      runs.push({ healthyMs: served.healthyMs, serverReadyMs: served.serverReadyMs(), idleRssMiB: memory.rss, peakRssMiB: memory.peak, serverPeakRssMiB: memory.serverPeak });
    } finally {
      await stop(served.child);
    }
  }
  return { label: launcher.label, firstStart: firstFigures, runs };
}

/** The same starts through another launcher (the installed package, the extension's bundle), in a folder of their own. */
export async function benchLauncher(launcher: Launcher, options: { readonly runs: number; readonly idleMs: number }): Promise<LauncherStarts> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-bench-startup-'));
  try {
    return await startsOf(join(dataDir, 'data'), launcher, options);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchStartup(options: { readonly runs: number; readonly idleMs: number }): Promise<StartupResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-bench-startup-'));
  try {
    const imageBytes = await ensureDataImage();
    let firstStartInitdb: FirstStart | null = null;
    {
      const { served, first } = await firstStart(join(dataDir, 'initdb'), { AGENT_COORDINATOR_NO_DATA_IMAGE: '1' });
      firstStartInitdb = first;
      await stop(served.child);
      await rm(join(dataDir, 'initdb'), { recursive: true, force: true });
    }
    const folder = join(dataDir, 'image');
    const starts = await startsOf(folder, SOURCES, options);
    const bare = await bareBaseline(folder, options.idleMs);
    return { firstStartMs: starts.firstStart.healthyMs, firstStart: starts.firstStart, firstStartInitdb, imageBytes, runs: starts.runs, idleMs: options.idleMs, bareRssMiB: bare?.idleRssMiB ?? null, bare };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
