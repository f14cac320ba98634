/**
 * The few git questions the guard asks, through the `git` command: the worktree's top folder, the
 * repository's identity (its root commit, the same in every worktree and branch), where hooks live
 * (`core.hooksPath` respected; linked worktrees share the main one's), and which paths a commit, the
 * index or a push touches — repository-relative, renames as a deletion plus an addition.
 */
import { execFile } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runGit(args: readonly string[], cwd: string, input?: string): Promise<GitResult> {
  return new Promise((done) => {
    const child = execFile('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function gitOut(args: readonly string[], cwd: string): Promise<string> {
  const result = await runGit(args, cwd);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout;
}

const nulList = (text: string): string[] => text.split('\0').filter((s) => s !== '');

/** The top folder of the worktree containing `dir`; null outside any repository. */
export async function worktreeTop(dir: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--show-toplevel'], dir);
  return result.code === 0 ? result.stdout.trim() : null;
}

/** The repository's identity: its root commit (the smallest hash when there are several); null before the first commit. */
export async function rootCommit(top: string): Promise<string | null> {
  const result = await runGit(['rev-list', '--max-parents=0', 'HEAD'], top);
  if (result.code !== 0) return null;
  return result.stdout.split('\n').filter((s) => s !== '').sort()[0] ?? null;
}

/** The folder git runs hooks from: `core.hooksPath` (relative to the worktree top) or the common `hooks` folder. */
export async function hooksDirectory(top: string): Promise<string> {
  const path = (await gitOut(['rev-parse', '--git-path', 'hooks'], top)).trim();
  return isAbsolute(path) ? path : resolve(top, path);
}

export async function gitUserName(top: string): Promise<string | undefined> {
  const result = await runGit(['config', 'user.name'], top);
  const name = result.stdout.trim();
  return result.code === 0 && name !== '' ? name.slice(0, 200) : undefined;
}

/** What the commit being made changes: the index against HEAD (everything, for the first commit). */
export async function stagedPaths(top: string): Promise<string[]> {
  return nulList(await gitOut(['diff', '--cached', '--name-only', '-z', '--no-renames'], top));
}

/** What a commit changed against its first parent (everything, for a root commit). */
export async function commitPaths(top: string, commit: string): Promise<string[]> {
  return nulList(await gitOut(['diff-tree', '--no-commit-id', '--name-only', '-r', '-z', '--no-renames', '--root', '-m', '--first-parent', commit], top));
}

const ZERO = /^0+$/;

/**
 * What a push sends, from the lines git gives pre-push on stdin (`<local ref> <local sha> <remote ref>
 * <remote sha>`): the paths changed by every commit the remote does not have yet. Deletions send nothing.
 */
export async function pushedPaths(top: string, stdin: string): Promise<string[]> {
  const paths = new Set<string>();
  for (const line of stdin.split('\n')) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localSha || ZERO.test(localSha)) continue;
    const known = remoteSha && !ZERO.test(remoteSha) && (await runGit(['cat-file', '-e', `${remoteSha}^{commit}`], top)).code === 0;
    const range = known ? [`${remoteSha}..${localSha}`] : [localSha, '--not', '--remotes'];
    for (const path of nulList(await gitOut(['log', '--format=', '--name-only', '-z', '--no-renames', ...range], top))) paths.add(path.replace(/^\n+/, ''));
  }
  return [...paths].filter((p) => p !== '');
}
