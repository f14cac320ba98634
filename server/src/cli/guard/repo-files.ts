/**
 * From the absolute paths a tool call writes to what the coordinator understands: paths relative to the
 * top of the git worktree they are in (so every worktree of a repository names a file the same way),
 * folders as `folder/**`, and SHA-256 hashes of the files as they are. Paths outside the repository the
 * command runs in, and git's own files, are not the coordinator's business and are left out.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { isGlob, normalizeRepoPath } from '@agent-coordinator/shared';
import type { BashWrite } from './bash-writes.ts';
import { rootCommit, worktreeTop } from './git.ts';

export interface RepoTarget {
  /** Repository-relative, normalised (`src/a.ts`, `src/**`, `src/*.ts`). */
  readonly path: string;
  readonly absolute: string;
  /** A single file (hashable, lockable); false for folders and globs. */
  readonly file: boolean;
}

export interface RepoScope {
  readonly top: string;
  readonly rootCommit: string | null;
  readonly targets: readonly RepoTarget[];
}

async function kindOf(path: string): Promise<'file' | 'directory' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/** The real path of `path`, resolving symlinks in the part that exists (the rest may not exist yet). */
async function realPathLoose(path: string): Promise<string> {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(await realpath(existing), ...rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.unshift(existing.slice(parent.length).replace(/^[\\/]/, ''));
      existing = parent;
    }
  }
}

async function nearestTop(path: string): Promise<string | null> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((await kindOf(dir)) === 'directory') return worktreeTop(dir);
    if (dirname(dir) === dir) return null;
  }
}

/** Expands the writes into repository targets of the worktree `cwd` is in (or, outside one, of the first write's). */
export async function resolveTargets(writes: readonly BashWrite[], cwd: string): Promise<RepoScope | null> {
  const expanded: { absolute: string; folder: boolean; glob: boolean }[] = [];
  for (const write of writes) {
    if (isGlob(write.path)) {
      expanded.push({ absolute: write.path, folder: false, glob: true });
      continue;
    }
    const kind = await kindOf(write.path);
    if (write.ifExists && kind === 'missing') continue;
    if (kind === 'directory' && write.into) for (const name of write.into) expanded.push({ absolute: join(write.path, name), folder: false, glob: false });
    else expanded.push({ absolute: write.path, folder: kind === 'directory', glob: false });
  }
  if (expanded.length === 0) return null;
  const top = (await worktreeTop(cwd)) ?? (await nearestTop(expanded[0]?.absolute ?? cwd));
  if (!top) return null;
  const realTop = await realPathLoose(top);
  const targets: RepoTarget[] = [];
  for (const item of expanded) {
    const real = item.glob ? item.absolute : await realPathLoose(item.absolute);
    const rel = relative(item.glob ? top : realTop, real).split(sep).join('/');
    if (rel.startsWith('..') || rel === '.git' || rel.startsWith('.git/')) continue;
    const raw = rel === '' ? '**' : item.folder ? `${rel}/` : rel;
    const normalized = normalizeRepoPath(raw);
    if (!normalized.ok) continue;
    if (!targets.some((t) => t.path === normalized.path)) targets.push({ path: normalized.path, absolute: item.absolute, file: !item.folder && !item.glob && !isGlob(normalized.path) });
  }
  if (targets.length === 0) return null;
  return { top, rootCommit: await rootCommit(top), targets };
}

/** SHA-256 of each file target as it is now; null for a file that does not exist. */
export async function hashFiles(targets: readonly RepoTarget[]): Promise<Record<string, string | null>> {
  const hashes: Record<string, string | null> = {};
  for (const target of targets) {
    if (!target.file) continue;
    try {
      hashes[target.path] = createHash('sha256').update(await readFile(target.absolute)).digest('hex');
    } catch {
      hashes[target.path] = null;
    }
  }
  return hashes;
}
