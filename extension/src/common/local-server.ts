/**
 * Starting a local coordinator when nothing answers at a loopback URL, shared by every VS Code window on
 * the machine: the first window takes a lock file and starts the server detached (it outlives the window);
 * a window that finds the lock file fresh waits for that server instead of starting a second one; a lock
 * file left by a start that never came up is taken over after a grace period.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const START_GRACE_MS = 60_000;

export function isLoopbackUrl(raw: string): boolean {
  try {
    const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

export function portOf(raw: string): number {
  const url = new URL(raw);
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export type LocalStartDecision = 'connect' | 'start' | 'wait' | 'take-over';

/** What a window does: connect when the server answers, wait while another window starts it, else start. */
export function decideLocalStart(health: 'ok' | 'unhealthy' | 'unreachable', lockAgeMs: number | null): LocalStartDecision {
  if (health === 'ok') return 'connect';
  if (lockAgeMs === null) return 'start';
  return lockAgeMs < START_GRACE_MS ? 'wait' : 'take-over';
}

export interface LocalServerCommand {
  /** A shell command line; `--port <port>` is appended. */
  readonly commandLine: string;
  readonly cwd: string | undefined;
  readonly description: string;
}

/** The workspace folder that is the AgentCoordinator repository itself, if any (developing the coordinator). */
export function findCoordinatorRepo(roots: readonly string[], exists: (path: string) => boolean = existsSync): string | undefined {
  return roots.find((root) => exists(join(root, 'server', 'src', 'cli', 'main.ts')) && exists(join(root, 'server', 'package.json')));
}

/** The CLI a global install puts on PATH (`npm install -g` of the server package). */
export const CLI_NAME = 'agent-coordinator';

/** The first `name` executable on PATH, if any. */
export function findOnPath(name: string, path: string = process.env['PATH'] ?? '', exists: (p: string) => boolean = existsSync): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const n of names) if (exists(join(dir, n))) return join(dir, n);
  }
  return undefined;
}

/**
 * The command that starts a local coordinator: the setting; else this repository's sources when the
 * workspace is the coordinator itself; else the `agent-coordinator` CLI when it is on PATH. Never a
 * package fetched on the fly by name: that would run whatever the registry serves under that name.
 */
export function planLocalServerCommand(
  setting: string,
  roots: readonly string[],
  port: number,
  exists?: (path: string) => boolean,
  path?: string,
): LocalServerCommand | null {
  const custom = setting.trim();
  if (custom !== '') return { commandLine: `${custom} --port ${port}`, cwd: roots[0], description: custom };
  const repo = findCoordinatorRepo(roots, exists);
  if (repo) return { commandLine: `node server/src/cli/main.ts serve --port ${port}`, cwd: repo, description: `node server/src/cli/main.ts serve (in ${repo})` };
  const cli = findOnPath(CLI_NAME, path, exists);
  if (cli) return { commandLine: `"${cli}" serve --port ${port}`, cwd: undefined, description: `${cli} serve` };
  return null;
}

/** Where the lock file and the server's log live: beside the coordinator's own per-user data. */
export function localStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'agent-coordinator');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'agent-coordinator');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'agent-coordinator');
}

export interface LocalServerDeps {
  readonly probe: () => Promise<'ok' | 'unhealthy' | 'unreachable'>;
  readonly stateDir?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
}

export type LocalStartOutcome =
  | { readonly kind: 'already-running' }
  | { readonly kind: 'started'; readonly pid: number | undefined; readonly logFile: string }
  | { readonly kind: 'started-by-another-window' };

export class LocalServerError extends Error {
  override readonly name = 'LocalServerError';
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ensures a coordinator answers on `port`, starting `command` unless another window already is. */
export async function ensureLocalServer(port: number, command: LocalServerCommand, deps: LocalServerDeps): Promise<LocalStartOutcome> {
  const dir = deps.stateDir ?? localStateDir();
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const log = deps.log ?? (() => undefined);
  const timeoutMs = deps.timeoutMs ?? START_GRACE_MS;
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, `local-server-${port}.lock`);
  const logFile = join(dir, `local-server-${port}.log`);

  const waitForHealth = async (isAlive: () => boolean): Promise<boolean> => {
    const deadline = now() + timeoutMs;
    while (now() < deadline) {
      if ((await deps.probe()) === 'ok') return true;
      if (!isAlive()) return false;
      await sleep(250);
    }
    return false;
  };

  for (let round = 0; round < 2; round++) {
    const health = await deps.probe();
    let lockAge: number | null;
    try {
      lockAge = now() - statSync(lockFile).mtimeMs;
    } catch {
      lockAge = null;
    }
    const decision = decideLocalStart(health, lockAge);
    log(`local server on port ${port}: ${health}, lock file ${lockAge === null ? 'absent' : `${Math.round(lockAge)} ms old`} → ${decision}`);
    if (decision === 'connect') return { kind: 'already-running' };
    if (decision === 'wait') {
      if (await waitForHealth(() => existsSync(lockFile))) return { kind: 'started-by-another-window' };
      continue; // the other window gave up (lock file gone) or the start hangs: look again
    }
    if (decision === 'take-over') rmSync(lockFile, { force: true });
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch {
      continue; // another window took the lock between our look and our open
    }
    try {
      writeFileSync(fd, JSON.stringify({ pid: process.pid, port, command: command.commandLine, at: new Date(now()).toISOString() }));
    } finally {
      closeSync(fd);
    }
    try {
      const out = openSync(logFile, 'a');
      const child = spawn(command.commandLine, { cwd: command.cwd, shell: true, detached: true, stdio: ['ignore', out, out], windowsHide: true });
      closeSync(out);
      let exited = false;
      let exitCode: number | null = null;
      child.on('exit', (code) => {
        exited = true;
        exitCode = code;
      });
      child.on('error', () => {
        exited = true;
      });
      child.unref();
      log(`started "${command.commandLine}"${command.cwd ? ` in ${command.cwd}` : ''} (pid ${child.pid ?? '?'}), log: ${logFile}`);
      if (await waitForHealth(() => !exited)) return { kind: 'started', pid: child.pid, logFile };
      const tail = tailOf(logFile);
      throw new LocalServerError(
        exited
          ? `the local coordinator exited (code ${String(exitCode)}) before answering on port ${port}: ${tail || 'no output'} — check agentCoordinator.localServerCommand`
          : `the local coordinator did not answer on port ${port} within ${Math.round(timeoutMs / 1000)} s; see ${logFile}`,
      );
    } finally {
      rmSync(lockFile, { force: true });
    }
  }
  throw new LocalServerError(`another window is starting the local coordinator on port ${port} but it does not answer; try again`);
}

function tailOf(file: string, lines = 5): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '';
  }
}
