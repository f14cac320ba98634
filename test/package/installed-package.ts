/**
 * The CLI package as a user gets it: packed once per run (`server/scripts/package.ts --skip-vsix`, or the
 * tarball named by AGENT_COORDINATOR_PACKAGE), then installed with npm into a temporary folder outside
 * the repository, where nothing can resolve the repository's node_modules: once locally (`npm install
 * <tarball>` in an empty project) and once globally into a private prefix (`npm install -g --prefix`).
 * The children get an environment without the repository's bins on PATH: Node, the private global bin
 * folder, the system.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface InstalledPackage {
  readonly tarball: string;
  /** The temporary folder holding everything below; removed by `cleanup`. */
  readonly dir: string;
  /** The bin of the local install: <dir>/app/node_modules/.bin/agent-coordinator. */
  readonly localBin: string;
  /** The folder of the global install's bin (npm install -g --prefix <dir>/global). */
  readonly globalBinDir: string;
  /** The installed package's folder (local install). */
  readonly packageDir: string;
  /** An environment for the installed CLI: PATH without the repository, npm's own variables dropped. */
  env(extra?: Readonly<Record<string, string>>, options?: { readonly globalOnPath?: boolean }): NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function exec(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

async function mustExec(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  const result = await exec(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/** The process environment minus what ties a child to this repository or to the npm run that started mocha. */
function cleanEnv(path: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_PATH$|INIT_CWD$|AGENT_COORDINATOR_|COORDINATOR_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, PATH: path };
}

/** The tarball: the one named by AGENT_COORDINATOR_PACKAGE, else packed now into the root's dist/. */
async function tarball(env: NodeJS.ProcessEnv): Promise<string> {
  const given = process.env['AGENT_COORDINATOR_PACKAGE'];
  if (given) return given;
  await mustExec(process.execPath, [join(ROOT, 'server', 'scripts', 'package.ts'), '--skip-vsix'], { cwd: ROOT, env: { ...process.env, ...env, PATH: process.env['PATH'] ?? '' }, timeoutMs: 240_000 });
  const packed = (await readdir(join(ROOT, 'dist'))).filter((f) => /^agent-coordinator-\d.*\.tgz$/.test(f));
  if (packed.length !== 1) throw new Error(`expected one agent-coordinator-<version>.tgz in dist/, found ${packed.join(', ') || 'none'}`);
  return join(ROOT, 'dist', packed[0] ?? '');
}

export async function installPackage(): Promise<InstalledPackage> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'ac-package-')));
  const globalPrefix = join(dir, 'global');
  const globalBinDir = join(globalPrefix, 'bin');
  // Node itself (the one running the suite, new enough; AGENT_COORDINATOR_PACKAGE_NODE names another, for
  // example the oldest the package supports), then the system: no node_modules/.bin of the repository.
  const node = process.env['AGENT_COORDINATOR_PACKAGE_NODE'] ?? process.execPath;
  const basePath = [dirname(node), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
  const npmEnv = cleanEnv(basePath);
  const file = await tarball(npmEnv);
  const app = join(dir, 'app');
  await mustExec('mkdir', ['-p', app], { cwd: dir, env: npmEnv });
  await writeFile(join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true }, null, 2)}\n`);
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  await mustExec('npm', ['install', ...quiet, file], { cwd: app, env: npmEnv });
  await mustExec('npm', ['install', '-g', '--prefix', globalPrefix, ...quiet, file], { cwd: dir, env: npmEnv });
  return {
    tarball: file,
    dir,
    localBin: join(app, 'node_modules', '.bin', 'agent-coordinator'),
    globalBinDir,
    packageDir: join(app, 'node_modules', 'agent-coordinator'),
    env: (extra = {}, options = {}) => ({
      ...cleanEnv(options.globalOnPath ? `${globalBinDir}:${basePath}` : basePath),
      AGENT_COORDINATOR_STATE: join(dir, 'cli-state.json'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      ...extra,
    }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
