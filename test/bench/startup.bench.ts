/**
 * The embedded server's start on an existing data folder, as a user runs it: a child process
 * `node server/src/cli/main.ts serve --data-dir D --port P`. A first run creates and migrates the folder
 * and stores a little state; each timed run is the wall time from spawn to the first `/healthz` 200
 * (Node start, module loading and type stripping, PGlite open, migration check, listen), then the
 * process's resident memory after it has idled for a while.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { PGLITE_SHARED_BUFFERS } from '@agent-coordinator/server';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'server', 'src', 'cli', 'main.ts');

export interface StartupRun {
  /** Spawn to first /healthz 200. */
  readonly healthyMs: number;
  /** What the server itself reports as its `startServer` time ("ready in N ms"). */
  readonly serverReadyMs: number | null;
  readonly idleRssMiB: number;
  readonly peakRssMiB: number;
}

export interface StartupResult {
  readonly firstStartMs: number;
  readonly runs: readonly StartupRun[];
  readonly idleMs: number;
  /** RSS of a Node process that only opens the same folder with PGlite (+pgvector) and idles as long. */
  readonly bareRssMiB: number | null;
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

async function bareRss(dataDir: string, idleMs: number): Promise<number | null> {
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
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    return (await memoryOf(child.pid)).rss;
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

async function serve(dataDir: string): Promise<Served> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: REPO_ROOT,
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

/** VmRSS and VmHWM of a process, in MiB. */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

export async function benchStartup(options: { readonly runs: number; readonly idleMs: number }): Promise<StartupResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-bench-startup-'));
  try {
    const first = await serve(dataDir);
    try {
      const { client, close } = connect(first.url);
      const agent = await client.agents.register.mutate({ name: 'startup-bench', kind: 'cli' });
      for (let i = 0; i < 50; i++) await client.tasks.create.mutate({ title: `startup task ${i}`, files: [`src/startup/${i}.ts`] });
      await client.tasks.next.mutate({ agent_id: agent.agent_id });
      close();
    } finally {
      await stop(first.child);
    }

    const runs: StartupRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      const served = await serve(dataDir);
      try {
        await new Promise((resolve) => setTimeout(resolve, options.idleMs));
        const pid = served.child.pid;
        const memory = pid === undefined ? { rss: Number.NaN, peak: Number.NaN } : await memoryOf(pid);
        runs.push({ healthyMs: served.healthyMs, serverReadyMs: served.serverReadyMs(), idleRssMiB: memory.rss, peakRssMiB: memory.peak });
      } finally {
        await stop(served.child);
      }
    }
    const bareRssMiB = await bareRss(dataDir, options.idleMs);
    return { firstStartMs: first.healthyMs, runs, idleMs: options.idleMs, bareRssMiB };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
