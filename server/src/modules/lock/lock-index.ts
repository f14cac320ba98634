/**
 * An index of held locks by the folders their patterns are fixed in, so a conflict check looks only at
 * locks that could overlap instead of every held lock. A pattern's literal prefix (up to its first glob
 * character) fixes whole folders: `src/auth/*.ts` lives under src → auth. Two patterns can only overlap
 * when one's literal prefix starts with the other's, so the candidates for a pattern are the locks on
 * its folder path (ancestors) and everything below its deepest fixed folder (descendants).
 */
import type { Lock } from '@agent-coordinator/shared';

/** What indexing and deciding a conflict need of a held lock; the rest of `HeldLock` (lock-conflicts.ts) only describes one. */
export type LockedPattern = Pick<Lock, 'path' | 'mode' | 'held_by_id'>;

const GLOB = /[*?{}]/;

interface Node<T> {
  readonly children: Map<string, Node<T>>;
  readonly locks: T[];
}

const newNode = <T>(): Node<T> => ({ children: new Map(), locks: [] });

/** The folders a pattern is fixed in: `src/auth/*.ts` → [src, auth]; `src/a.ts` → [src]; `**` → []. */
function fixedFolders(pattern: string): string[] {
  const at = pattern.search(GLOB);
  const literal = at === -1 ? pattern : pattern.slice(0, at);
  const segments = literal.split('/');
  segments.pop(); // the last piece is a file name or a partial segment: not a fixed folder
  return segments;
}

export class LockIndex<T extends LockedPattern = LockedPattern> {
  readonly #root = newNode<T>();

  constructor(locks: Iterable<T> = []) {
    for (const lock of locks) this.add(lock);
  }

  add(lock: T): void {
    let node = this.#root;
    for (const folder of fixedFolders(lock.path)) {
      let child = node.children.get(folder);
      if (!child) node.children.set(folder, (child = newNode<T>()));
      node = child;
    }
    node.locks.push(lock);
  }

  /** Every lock that might overlap the pattern (a superset of the ones that do). */
  candidates(pattern: string): T[] {
    const found: T[] = [];
    let node: Node<T> | undefined = this.#root;
    for (const folder of fixedFolders(pattern)) {
      found.push(...node.locks);
      node = node.children.get(folder);
      if (!node) return found;
    }
    const stack: Node<T>[] = [node];
    while (stack.length > 0) {
      const next = stack.pop() as Node<T>;
      found.push(...next.locks);
      stack.push(...next.children.values());
    }
    return found;
  }
}
