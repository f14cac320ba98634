/**
 * `agent-coordinator serve` as a real child process (`node server/src/cli/main.ts serve ...`, or any other
 * command line that ends up running it, such as `npm start`), for the suites about the process itself:
 * the data-folder lock, the port in use, signals, file modes. It collects stderr and can wait for /healthz
 * or for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { until } from './until.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_MAIN = fileURLToPath(new URL('../../server/src/cli/main.ts', import.meta.url));

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  stderr(): string;
  /** Resolves once /healthz answers 200; rejects when the process exits first. */
  healthy(timeoutMs?: number): Promise<void>;
  /** The exit code (or the signal's name) once the process has ended. */
  exited(timeoutMs?: number): Promise<number | string>;
  /** SIGTERM, then SIGKILL after a while; resolves when the process is gone. */
  stop(): Promise<void>;
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

/**
 * `command` defaults to `node --liftoff-only server/src/cli/main.ts serve`, as `npm start` runs it (the pid
 * that serves is then the child's own); the data folder, port and host flags follow it.
 */
export interface ServeOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly command?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export function spawnServe(options: ServeOptions): ServeProcess {
  const args = ['--data-dir', options.dataDir, '--port', String(options.port), '--host', '127.0.0.1'];
  const [file, ...rest] = options.command ?? [process.execPath, '--liftoff-only', CLI_MAIN, 'serve'];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env['DATABASE_URL'];
  delete env['NATS_URL'];
  const child = spawn(file ?? process.execPath, [...rest, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const url = `http://127.0.0.1:${options.port}`;
  const withTimeout = <T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${stderr}`)), timeoutMs)));
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };
  return {
    child,
    url,
    stderr: () => stderr,
    healthy: (timeoutMs = 90_000) =>
      withTimeout(
        `${url}/healthz`,
        Promise.race([
          until(`${url}/healthz`, () => isHealthy(url), timeoutMs).then(() => undefined),
          ended.then((code) => Promise.reject(new Error(`serve exited (${code}) before it was healthy: ${stderr}`))),
        ]),
        timeoutMs,
      ),
    exited: (timeoutMs = 90_000) => withTimeout('the process to exit', ended, timeoutMs),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await ended;
      clearTimeout(timer);
    },
  };
}

/**
 * Mocha hooks for a suite of serve processes: a scratch folder (named after `prefix`) for their data
 * folders, and every process `start` made stopped after the suite, then the folder removed.
 */
export function useServeProcesses(prefix: string) {
  let root = '';
  const running: ServeProcess[] = [];
  before(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await rm(root, { recursive: true, force: true });
  });
  return {
    /** A data folder's path in the suite's scratch folder (not created: serve makes it). */
    dataDir: (name: string): string => join(root, name),
    /** `spawnServe`, on a free port unless `port` is given. */
    async start(options: Omit<ServeOptions, 'port'> & { readonly port?: number }): Promise<ServeProcess> {
      const server = spawnServe({ ...options, port: options.port ?? (await freePort()) });
      running.push(server);
      return server;
    },
  };
}

/** Whether a process with this pid still exists. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
