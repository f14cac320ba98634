/**
 * Locks as a tree of folders, from their paths: `src/a/x.ts` and `src/b/**` become src → a → x.ts and
 * src → b → `**`. A chain of folders that hold nothing but one other folder is joined into one node
 * (`src/dash/`), so a deep repository does not cost a click per level. Pure data, tested without a browser.
 */
import type { Lock } from '@agent-coordinator/shared';

export interface LockFolder {
  /** The name shown: one segment, or several joined by `/` for a chain. */
  readonly name: string;
  /** The folder's full path with a trailing `/` (a stable key, and what its label says). */
  readonly path: string;
  readonly folders: readonly LockFolder[];
  /** Locks whose path ends in this folder, sorted by path. */
  readonly locks: readonly Lock[];
  /** Every lock below, however deep. */
  readonly count: number;
}

interface Building {
  readonly folders: Map<string, Building>;
  readonly locks: Lock[];
}

export function lockTree(locks: readonly Lock[]): LockFolder {
  const root: Building = { folders: new Map(), locks: [] };
  for (const lock of locks) {
    const segments = lock.path.split('/').filter((segment) => segment !== '');
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      let next = node.folders.get(segment);
      if (!next) {
        next = { folders: new Map(), locks: [] };
        node.folders.set(segment, next);
      }
      node = next;
    }
    node.locks.push(lock);
  }
  return finish('', '', root);
}

function finish(name: string, path: string, node: Building): LockFolder {
  // Join a folder that holds only one folder with it (never the root: it is not shown as a folder).
  if (name !== '' && node.locks.length === 0 && node.folders.size === 1) {
    const [[childName, child]] = [...node.folders] as [[string, Building]];
    return finish(`${name}/${childName}`, `${path}${childName}/`, child);
  }
  const folders = [...node.folders]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([childName, child]) => finish(childName, `${path}${childName}/`, child));
  const own = [...node.locks].sort((a, b) => a.path.localeCompare(b.path) || a.held_by.localeCompare(b.held_by));
  return { name, path, folders, locks: own, count: own.length + folders.reduce((sum, folder) => sum + folder.count, 0) };
}

/** The last segment of a lock's path: what its row in the tree shows. */
export function leafName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || path;
}
