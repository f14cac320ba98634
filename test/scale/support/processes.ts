/**
 * Real processes for the scale-out suites: coordinator replicas started as the container starts them
 * (container.ts), and a `nats-server` of the suite's own that it can stop and start again on the same
 * port and store (JetStream data survives, as with the compose volume).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isPortOpen } from '../../support/free-port.ts';
import { REPO_ROOT, type ContainerRecipe } from './container.ts';

const LOOPBACK = '127.0.0.1';
/** The CLI the image's `agent-coordinator` bin is built from, run from the sources (cwd: the repository root). */
const CLI_SOURCES = 'server/src/cli/main.ts';

async function exitOf(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

export interface NatsServer {
  readonly url: string;
  /** Stops it (SIGKILL: as a crash) keeping the store. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

/** null when nats-server is not on PATH (outside CI: the suite skips; under CI=true: an error). */
export async function startNatsServer(): Promise<NatsServer | null> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'ac-scale-nats-'));
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const spawned = spawn('nats-server', ['-js', '-a', LOOPBACK, '-p', String(port), '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    let failure: Error | null = null;
    spawned.once('error', (error) => (failure = error));
    child = spawned;
    const deadline = Date.now() + 15_000;
    while (!(await isPortOpen(LOOPBACK, port))) {
      if (failure) throw failure;
      if (spawned.exitCode !== null) throw new Error(`nats-server exited (${spawned.exitCode}): ${stderr.trim()}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port} within 15 s: ${stderr.trim()}`);
      await sleep(50);
    }
  };
  const stop = async (): Promise<void> => {
    if (child) await exitOf(child, 'SIGKILL', 5_000);
    child = null;
  };
  try {
    await start();
  } catch (error) {
    await stop();
    await rm(dir, { recursive: true, force: true });
    if ((error as { code?: unknown }).code === 'ENOENT' && process.env['CI'] !== 'true') return null;
    throw error;
  }
  return {
    url: `nats://${LOOPBACK}:${port}`,
    stop,
    start,
    remove: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ReplicaOptions {
  readonly name: string;
  readonly databaseUrl: string;
  readonly natsUrl: string;
  /** Settings beyond the container's, as environment variables (e.g. a short liveness timeout). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Replica {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The environment the process got (the container's, with the addresses replaced). */
  readonly env: Readonly<Record<string, string>>;
  /** stderr lines so far (structured JSON logs). */
  readonly logLines: readonly string[];
  /** Sends a signal and waits for the exit; returns the exit code or signal. */
  kill(signal: NodeJS.Signals): Promise<number | string | null>;
  /** Spawns it again on the same port and waits until /readyz says ready. */
  start(): Promise<void>;
  rssMiB(): Promise<number>;
}

/** Spawns a coordinator the way the container's CMD does and waits until it is ready. */
export async function startReplica(recipe: ContainerRecipe, options: ReplicaOptions): Promise<Replica> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? tmpdir(),
    ...recipe.env,
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    HOST: LOOPBACK,
    PORT: String(port),
    ...options.env,
  };
  // The image runs the installed package's bin; here the same CLI from the sources (test/package/ proves the tarball).
  const [program = 'node', ...args] = recipe.command[0] === 'agent-coordinator' ? ['node', CLI_SOURCES, ...recipe.command.slice(1)] : recipe.command;
  const logLines: string[] = [];
  let child: ChildProcess | null = null;

  const spawnIt = async (): Promise<void> => {
    // `node` in the image is Node 24; here, the Node running the tests (the same major).
    const spawned = spawn(program === 'node' ? process.execPath : program, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child = spawned;
    let partial = '';
    spawned.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      logLines.push(...lines);
      if (logLines.length > 5000) logLines.splice(0, logLines.length - 5000);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (spawned.exitCode !== null || spawned.signalCode !== null) {
        throw new Error(`${options.name} exited (${spawned.exitCode ?? spawned.signalCode}) before it was ready:\n${logLines.slice(-20).join('\n')}`);
      }
      const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) {
        spawned.kill('SIGKILL');
        throw new Error(`${options.name} not ready within 60 s:\n${logLines.slice(-20).join('\n')}`);
      }
      await sleep(100);
    }
  };
  await spawnIt();

  return {
    name: options.name,
    url,
    port,
    env,
    logLines,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    kill: async (signal) => (child ? exitOf(child, signal, 30_000) : null),
    start: spawnIt,
    rssMiB: async () => {
      const pid = child?.pid;
      if (pid === undefined) return Number.NaN;
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024;
    },
  };
}
