/**
 * Git worktrees for runs: `git worktree add -b ac/<key> <dir> HEAD` in the repository, one at a time per
 * repository (git takes its own lock on the repository's metadata and fails rather than waits, so
 * concurrent adds are queued here), and committing what the agent left in the worktree.
 */
import { execFile } from 'node:child_process';
import { CoordinatorError } from '@agent-coordinator/shared';

const git = (cwd: string, args: readonly string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new CoordinatorError('CONFLICT', `git ${args[0] ?? ''} in ${cwd} failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier queued work on the same repository. */
const serialised = <T>(repo: string, work: () => Promise<T>): Promise<T> => {
  const previous = queues.get(repo) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    repo,
    next.catch(() => undefined),
  );
  return next;
};

/** A fresh worktree on a new branch from the repository's HEAD; refused when the branch already exists. */
export const addWorktree = (repoRoot: string, dir: string, branch: string): Promise<void> =>
  serialised(repoRoot, async () => {
    const exists = await git(repoRoot, ['branch', '--list', branch]);
    if (exists.trim() !== '') {
      throw new CoordinatorError('CONFLICT', `run: branch ${branch} already exists in ${repoRoot}: merge or delete it (git branch -D ${branch}) before running the task again in a worktree`, [
        { field: 'worktree', message: 'branch exists' },
      ]);
    }
    await git(repoRoot, ['worktree', 'add', '-b', branch, dir, 'HEAD']);
  });

/** Commits everything the agent changed in `dir` (if anything); returns whether a commit was made. */
export const commitAll = async (dir: string, message: string): Promise<boolean> => {
  await git(dir, ['add', '-A']);
  const status = await git(dir, ['status', '--porcelain']);
  if (status.trim() === '') return false;
  await git(dir, ['-c', 'user.name=agent-coordinator', '-c', 'user.email=agent-coordinator@localhost', 'commit', '-q', '--no-verify', '-m', message]);
  return true;
};

export const removeWorktree = (repoRoot: string, dir: string): Promise<void> =>
  serialised(repoRoot, async () => {
    await git(repoRoot, ['worktree', 'remove', '--force', dir]);
  });
