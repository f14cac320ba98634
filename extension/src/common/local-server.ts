/**
 * Starting a local coordinator when nothing answers at a loopback URL, shared by every VS Code window on
 * the machine: the first window takes a lock file and starts the server detached (it outlives the window);
 * a window that finds the lock file fresh waits for that server instead of starting a second one; a lock
 * file left by a start that never came up is taken over after a grace period.
 *
 * What is started: the `agentCoordinator.localServerCommand` setting, else this repository's sources when
 * the workspace is the coordinator itself (developing it), else the server bundle the .vsix carries
 * (dist/server/), run by VS Code's own executable in Node mode — as language servers are started — so no
 * clone, npm or Node on PATH is needed. The `agent-coordinator` CLI on PATH is the last resort, for a
 * build of the extension without the bundle or a VS Code whose Node is too old for it.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
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

/** A command line run by the shell (a setting, the repository's sources, the CLI on PATH). */
export interface ShellServerCommand {
  readonly kind: 'shell';
  readonly commandLine: string;
  readonly cwd: string | undefined;
  readonly description: string;
}

/** An executable with its arguments, no shell (the bundled server under VS Code's runtime). */
export interface ExecServerCommand {
  readonly kind: 'exec';
  readonly file: string;
  readonly args: readonly string[];
  /** Added to the extension host's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string | undefined;
  readonly description: string;
  /** Where the started server keeps its data (the embedded default), said to the user. */
  readonly dataDir: string;
}

export type LocalServerCommand = ShellServerCommand | ExecServerCommand;

/**
 * The oldest Node the server bundle runs on (server/scripts/node-version-check.ts; a unit test keeps the
 * two equal). Desktop VS Code's Electron brings its own Node: an older one is told, not crashed into.
 */
export const BUNDLE_MIN_NODE = { major: 22, minor: 15 } as const;

export function nodeIsRecentEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > BUNDLE_MIN_NODE.major || (major === BUNDLE_MIN_NODE.major && minor >= BUNDLE_MIN_NODE.minor);
}

/** The server bundle inside the installed extension, and the runtime that runs it. */
export interface BundledServer {
  /** dist/server/agent-coordinator.js in the extension's folder. */
  readonly entry: string;
  /** VS Code's executable (`process.execPath` of the extension host). */
  readonly runtime: string;
  /** The Node version of that runtime (`process.versions.node`). */
  readonly nodeVersion: string;
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

export interface LocalServerPlanInput {
  /** `agentCoordinator.localServerCommand`. */
  readonly setting: string;
  readonly roots: readonly string[];
  readonly port: number;
  readonly bundled?: BundledServer;
  readonly exists?: (path: string) => boolean;
  /** PATH, to find the CLI. */
  readonly path?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The command that starts a local coordinator: the setting; else this repository's sources when the
 * workspace is the coordinator itself; else the bundled server when the runtime can run it; else the
 * `agent-coordinator` CLI when it is on PATH. Never a package fetched on the fly by name: that would run
 * whatever the registry serves under that name.
 */
export function planLocalServerCommand(input: LocalServerPlanInput): LocalServerCommand | null {
  const { port, roots } = input;
  const exists = input.exists ?? existsSync;
  const custom = input.setting.trim();
  if (custom !== '') return { kind: 'shell', commandLine: `${custom} --port ${port}`, cwd: roots[0], description: custom };
  const repo = findCoordinatorRepo(roots, exists);
  if (repo) return { kind: 'shell', commandLine: `node server/src/cli/main.ts serve --port ${port}`, cwd: repo, description: `node server/src/cli/main.ts serve (in ${repo})` };
  const bundled = input.bundled;
  if (bundled && exists(bundled.entry) && nodeIsRecentEnough(bundled.nodeVersion)) {
    return {
      kind: 'exec',
      file: bundled.runtime,
      // --liftoff-only: the server would otherwise start itself again with it (server/src/cli/wasm-baseline.ts).
      args: ['--liftoff-only', bundled.entry, 'serve', '--port', String(port)],
      // Electron runs as plain Node with this; in code-server the host already is Node and ignores it.
      env: { ELECTRON_RUN_AS_NODE: '1' },
      cwd: undefined,
      description: `the coordinator bundled with the extension (${bundled.entry})`,
      dataDir: localStateDir(input.env),
    };
  }
  const cli = findOnPath(CLI_NAME, input.path, exists);
  if (cli) return { kind: 'shell', commandLine: `"${cli}" serve --port ${port}`, cwd: undefined, description: `${cli} serve` };
  return null;
}

/** Why no command was found, for the message that says what to do instead. */
export function noCommandReason(bundled: BundledServer | undefined, exists: (path: string) => boolean = existsSync): string {
  if (bundled && exists(bundled.entry) && !nodeIsRecentEnough(bundled.nodeVersion)) {
    return `the coordinator bundled with the extension needs Node ${BUNDLE_MIN_NODE.major}.${BUNDLE_MIN_NODE.minor} and this VS Code runs Node ${bundled.nodeVersion}: update VS Code, or install the agent-coordinator CLI`;
  }
  return 'this build of the extension carries no coordinator: install the agent-coordinator CLI, or set agentCoordinator.localServerCommand';
}

/**
 * The server's default data folder (server/src/config.ts `defaultDataDir`, same rule): the embedded
 * database, and beside it the lock file and log of a start by the extension.
 */
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
      writeFileSync(fd, JSON.stringify({ pid: process.pid, port, command: command.description, at: new Date(now()).toISOString() }));
    } finally {
      closeSync(fd);
    }
    try {
      const out = openSync(logFile, 'a');
      const options: SpawnOptions = { cwd: command.cwd, detached: true, stdio: ['ignore', out, out], windowsHide: true };
      const child: ChildProcess =
        command.kind === 'shell'
          ? spawn(command.commandLine, { ...options, shell: true })
          : spawn(command.file, [...command.args], { ...options, env: { ...process.env, ...command.env } });
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
      log(`started ${command.description}${command.cwd ? ` in ${command.cwd}` : ''} (pid ${child.pid ?? '?'}), log: ${logFile}`);
      if (await waitForHealth(() => !exited)) return { kind: 'started', pid: child.pid, logFile };
      const tail = tailOf(logFile);
      throw new LocalServerError(
        exited
          ? `the local coordinator exited (code ${String(exitCode)}) before answering on port ${port}: ${tail || 'no output'} — see ${logFile}`
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
