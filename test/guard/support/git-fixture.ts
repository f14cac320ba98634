/**
 * Real git in temporary repositories, isolated from whoever runs the tests (no global or system config,
 * a fixed author), and the CLI run inside them with its own environment and, for hooks, stdin.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_MAIN = fileURLToPath(new URL('../../../server/src/cli/main.ts', import.meta.url));

const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Person',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test Person',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment every child gets: git isolated, no coordinator identity inherited, a private CLI state file. */
export function baseEnv(stateDir: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, AGENT_COORDINATOR_STATE: join(stateDir, 'cli-state.json'), XDG_CONFIG_HOME: join(stateDir, 'config') };
  for (const key of Object.keys(env)) if (key.startsWith('AGENT_COORDINATOR_') && key !== 'AGENT_COORDINATOR_STATE' && key !== 'AGENT_COORDINATOR_CACHE') delete env[key];
  for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[key];
  return { ...env, ...extra };
}

export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    // A child may exit without reading its input (a hook that has nothing to check).
    child.stdin?.on('error', () => {});
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export const git = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> => run('git', args, { cwd, env });

export const cli = (cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> =>
  run(process.execPath, [CLI_MAIN, ...args], { cwd, env, ...(input !== undefined ? { input } : {}) });

export async function mustGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await git(cwd, args, env);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

export interface TempRepo {
  /** The repository's worktree (real path, symlinks resolved). */
  readonly dir: string;
  /** A scratch folder next to it (state files, worktrees, remotes). */
  readonly scratch: string;
  write(path: string, content: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A repository with one commit of `files`. */
export async function makeRepo(files: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): Promise<TempRepo> {
  const repo = await scratchRepo();
  await mustGit(repo.dir, ['init', '-q', '-b', 'main'], env);
  for (const [path, content] of Object.entries(files)) await repo.write(path, content);
  await mustGit(repo.dir, ['add', '-A'], env);
  await mustGit(repo.dir, ['commit', '-q', '-m', 'initial'], env);
  return repo;
}

/**
 * A clone of `source` with no remote: the same root commit, so the coordinator takes it for the same
 * repository, but commits, hooks and worktrees of its own (a test that changes it leaves no trace for the next).
 */
export async function cloneRepo(source: TempRepo, env: NodeJS.ProcessEnv): Promise<TempRepo> {
  const repo = await scratchRepo();
  await mustGit(repo.scratch, ['clone', '-q', source.dir, repo.dir], env);
  await mustGit(repo.dir, ['remote', 'remove', 'origin'], env);
  return repo;
}

/** An empty folder `repo` in a new scratch folder. */
async function scratchRepo(): Promise<TempRepo> {
  const scratch = await realpath(await mkdtemp(join(tmpdir(), 'ac-guard-')));
  const dir = join(scratch, 'repo');
  await mkdir(dir);
  const write = async (path: string, content: string): Promise<void> => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  };
  return { dir, scratch, write, cleanup: () => rm(scratch, { recursive: true, force: true }) };
}
