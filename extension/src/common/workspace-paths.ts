/**
 * Repository-relative paths (the coordinator's) and file-system paths (VS Code's). Each workspace folder
 * is taken as a repository root; paths outside every root have no repository path.
 */

const toPosix = (p: string): string => p.replaceAll('\\', '/');

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** The repository path of `fsPath` under one of `roots`, or null (outside, or a root itself). */
export function toRepoPath(fsPath: string, roots: readonly string[]): string | null {
  const file = toPosix(fsPath);
  const caseInsensitive = /^[A-Za-z]:\//.test(file);
  const norm = (p: string): string => (caseInsensitive ? p.toLowerCase() : p);
  let best: string | null = null;
  for (const raw of roots) {
    const root = trimSlash(toPosix(raw));
    if (norm(file).startsWith(`${norm(root)}/`) && (best === null || root.length > best.length)) best = root;
  }
  if (best === null) return null;
  const rel = file.slice(best.length + 1);
  return rel === '' ? null : rel;
}

/** The file-system path of a repository path under `root`. */
export function fromRepoPath(repoPath: string, root: string): string {
  const base = trimSlash(toPosix(root));
  return `${base}/${repoPath}`;
}

/** The folders above a repository path, nearest last: `src/a/b.ts` → `src`, `src/a`. */
export function ancestorFolders(repoPath: string): string[] {
  const segments = repoPath.split('/');
  const folders: string[] = [];
  for (let i = 1; i < segments.length; i++) folders.push(segments.slice(0, i).join('/'));
  return folders;
}
