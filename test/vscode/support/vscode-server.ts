/**
 * The two ways of running the real VS Code that the code-server package ships:
 * - the VS Code server inside the package (server-main.js), which accepts the test-driver flags and an
 *   extension under development plus an extension-tests entry (suite A);
 * - stock code-server with a packaged .vsix installed (suite B).
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/free-port.ts';
import { spawnLogged, waitForHttp, type Spawned } from './processes.ts';

export interface RunningWorkbench {
  readonly port: number;
  readonly base: string;
  readonly process: Spawned;
  readonly dataDir: string;
}

/** Starts server-main.js with the smoke-test driver (which lets the tests end the run with an exit code). */
export async function startVscodeServer(codeServer: string, env: NodeJS.ProcessEnv): Promise<RunningWorkbench> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'ac-vscode-'));
  const serverMain = join(codeServer, 'lib', 'vscode', 'out', 'server-main.js');
  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--enable-smoke-test-driver',
    '--disable-workspace-trust',
    '--user-data-dir', join(dataDir, 'ud'),
    '--server-data-dir', join(dataDir, 'sd'),
    '--extensions-dir', join(dataDir, 'ext'),
  ];
  const server = spawnLogged(process.execPath, args, { env: { ...process.env, ...env } });
  await waitForHttp(`http://127.0.0.1:${port}/`, 60_000, server.child);
  return { port, base: `http://127.0.0.1:${port}`, process: server, dataDir };
}

/** The workbench URL for a folder, with the extension under development and the tests to run in its host. */
export function developmentUrl(workbench: RunningWorkbench, folder: string, extensionDir: string, testsEntry: string): string {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${workbench.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(testsEntry)],
    ['skipWelcome', 'true'],
  ];
  return `${workbench.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Stock code-server (`out/node/entry.js`) with its own user data and extensions folders. */
/** `env` replaces variables of the stock environment (a first-run test gives it a fresh HOME). */
export async function installVsix(codeServer: string, dataDir: string, vsix: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const entry = join(codeServer, 'out', 'node', 'entry.js');
  const proc = spawnLogged(process.execPath, [entry, '--user-data-dir', join(dataDir, 'ud'), '--extensions-dir', join(dataDir, 'ext'), '--install-extension', vsix], {
    env: { ...stockEnv(dataDir), ...env },
  });
  const code = await new Promise<number | null>((resolve) => proc.child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`installing ${vsix} failed (exit ${code}):\n${proc.output()}`);
  return proc.output();
}

export function stockEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: join(dataDir, 'config'), XDG_DATA_HOME: join(dataDir, 'data') };
}

export async function startStockCodeServer(codeServer: string, dataDir: string, folder: string, env: NodeJS.ProcessEnv = {}): Promise<RunningWorkbench> {
  const port = await freePort();
  await mkdir(join(dataDir, 'config'), { recursive: true });
  const entry = join(codeServer, 'out', 'node', 'entry.js');
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', join(dataDir, 'ud'),
    '--extensions-dir', join(dataDir, 'ext'),
    folder,
  ];
  const server = spawnLogged(process.execPath, args, { env: { ...stockEnv(dataDir), ...env }, cwd: env['HOME'] });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server.child);
  return { port, base: `http://127.0.0.1:${port}`, process: server, dataDir };
}
