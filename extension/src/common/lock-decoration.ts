/**
 * From live locks to explorer decorations: which badge, colour and tooltip a file or folder gets, and which
 * rows must be redrawn when locks change. The VS Code provider only maps these to `FileDecoration`s.
 */
import { globMatches, isGlob, patternsOverlap, type Lock } from '@agent-coordinator/shared';
import { until } from './format.ts';
import { ancestorFolders } from './workspace-paths.ts';

/**
 * Our own theme colours, chosen to collide with nothing else in the explorer. Git owns yellow (modified),
 * green (untracked, added, renamed), red (deleted, conflicting), grey (ignored) and a soft blue
 * (submodules); problems own `list.errorForeground` red and `list.warningForeground` orange. Locks take the
 * purple family, which nobody else uses: a strong magenta for a lock that stops you, a lighter violet for a
 * shared one, and a clear blue (bluer and darker than git's submodule blue) for your own. When git's colour
 * wins on a modified locked file, the badge letter still says "lock" on its own. Defaults for each theme
 * kind are in the manifest's `contributes.colors`.
 */
export const LOCK_COLORS = {
  other: 'agentCoordinator.lockedByOther',
  shared: 'agentCoordinator.sharedByOther',
  mine: 'agentCoordinator.lockedByMe',
} as const;
export type LockColor = (typeof LOCK_COLORS)[keyof typeof LOCK_COLORS];

/**
 * Badges avoid git's letters (M A D R C U I T !, and S for submodules) and problems' counts: "L" someone
 * else's exclusive lock, "Ls" a shared one, "Me" yours; beside git's they read "M, L" = modified and locked.
 */
export const LOCK_BADGES = { other: 'L', shared: 'Ls', mine: 'Me', folder: '•' } as const;

export interface DecorationSpec {
  readonly badge: string;
  readonly tooltip: string;
  readonly color: LockColor;
}

/**
 * "Locked by bob (exclusive, T-42) until 14:05": capitalised like git's "Modified", so the two read as two
 * sentences in the explorer's joined tooltip.
 */
export function describeLock(lock: Lock, selfIds: ReadonlySet<string>, now: number = Date.now()): string {
  const mine = selfIds.has(lock.held_by_id);
  const details = [mine ? lock.held_by : null, lock.mode, lock.task_key, lock.path !== '' && isGlob(lock.path) ? lock.path : null].filter((d): d is string => Boolean(d));
  const when = until(lock.expires_at, now);
  return `Locked by ${mine ? 'you' : lock.held_by} (${details.join(', ')})${when.startsWith('until') ? ' ' : ', '}${when}`;
}

/** The locks that cover a file, exclusive ones first. */
export function locksCovering(repoPath: string, locks: readonly Lock[]): Lock[] {
  return locks.filter((lock) => globMatches(lock.path, repoPath)).sort((a, b) => (a.mode === b.mode ? 0 : a.mode === 'exclusive' ? -1 : 1));
}

/** The decoration of a file: someone else's exclusive lock wins over a shared one, which wins over yours. */
export function fileDecoration(repoPath: string, locks: readonly Lock[], selfIds: ReadonlySet<string>, now: number = Date.now()): DecorationSpec | undefined {
  const covering = locksCovering(repoPath, locks);
  if (covering.length === 0) return undefined;
  // Your own lock is said once, even when both of this window's agents (you and your Copilot agent) hold it.
  const sameOwn = (a: Lock, b: Lock): boolean => selfIds.has(a.held_by_id) && selfIds.has(b.held_by_id) && a.mode === b.mode && a.task_key === b.task_key && a.path === b.path;
  const said = covering.filter((lock, index) => covering.findIndex((other) => sameOwn(other, lock)) === index || !selfIds.has(lock.held_by_id));
  const tooltip = [...new Set(said.map((l) => describeLock(l, selfIds, now)))].join('\n');
  const others = covering.filter((l) => !selfIds.has(l.held_by_id));
  if (others.some((l) => l.mode === 'exclusive')) return { badge: LOCK_BADGES.other, color: LOCK_COLORS.other, tooltip };
  if (others.length > 0) return { badge: LOCK_BADGES.shared, color: LOCK_COLORS.shared, tooltip };
  return { badge: LOCK_BADGES.mine, color: LOCK_COLORS.mine, tooltip };
}

/** The decoration of a folder that contains locked files: a dot in the colour of the strongest lock. */
export function folderDecoration(repoFolder: string, locks: readonly Lock[], selfIds: ReadonlySet<string>): DecorationSpec | undefined {
  const inside = locks.filter((lock) => lock.path.startsWith(`${repoFolder}/`) || patternsOverlap(lock.path, `${repoFolder}/**`));
  if (inside.length === 0) return undefined;
  const holders = [...new Set(inside.map((l) => (selfIds.has(l.held_by_id) ? 'you' : l.held_by)))];
  const files = inside.length === 1 ? '1 locked file' : `${inside.length} locked files`;
  const tooltip = `Contains ${files} (${holders.join(', ')})`;
  const others = inside.filter((l) => !selfIds.has(l.held_by_id));
  const color = others.some((l) => l.mode === 'exclusive') ? LOCK_COLORS.other : others.length > 0 ? LOCK_COLORS.shared : LOCK_COLORS.mine;
  return { badge: LOCK_BADGES.folder, color, tooltip };
}

/**
 * The rows to redraw after locks on `changedPaths` changed: the files and every folder above them. A glob
 * can cover any number of files, so a changed glob asks for everything.
 */
export function rowsToRefresh(changedPaths: readonly string[]): { readonly all: boolean; readonly paths: readonly string[] } {
  const paths = new Set<string>();
  for (const path of changedPaths) {
    if (isGlob(path)) return { all: true, paths: [] };
    paths.add(path);
    for (const folder of ancestorFolders(path)) paths.add(folder);
  }
  return { all: false, paths: [...paths] };
}
