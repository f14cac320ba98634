/**
 * From live locks to explorer decorations: which badge, colour and tooltip a file or folder gets, and which
 * rows must be redrawn when locks change. The VS Code provider only maps these to `FileDecoration`s.
 */
import { globMatches, isGlob, patternsOverlap, type Lock } from '@agent-coordinator/shared';
import { until } from './format.ts';
import { ancestorFolders } from './workspace-paths.ts';

export const LOCK_COLORS = {
  other: 'agentCoordinator.lockedByOther',
  shared: 'agentCoordinator.sharedByOther',
  mine: 'agentCoordinator.lockedByMe',
} as const;
export type LockColor = (typeof LOCK_COLORS)[keyof typeof LOCK_COLORS];

export const LOCK_BADGES = { other: 'L', shared: 'S', mine: 'Me', folder: '•' } as const;

export interface DecorationSpec {
  readonly badge: string;
  readonly tooltip: string;
  readonly color: LockColor;
}

/** "locked by bob for T-42 until 14:05" (or "shared with ..." for a shared lock). */
export function describeLock(lock: Lock, selfIds: ReadonlySet<string>, now: number = Date.now()): string {
  const who = selfIds.has(lock.held_by_id) ? `you (${lock.held_by})` : lock.held_by;
  const verb = lock.mode === 'shared' ? 'shared lock held by' : 'locked by';
  const task = lock.task_key ? ` for ${lock.task_key}` : '';
  const glob = lock.path !== '' && isGlob(lock.path) ? ` (${lock.path})` : '';
  return `${verb} ${who}${task} ${until(lock.expires_at, now)}${glob}`;
}

/** The locks that cover a file, exclusive ones first. */
export function locksCovering(repoPath: string, locks: readonly Lock[]): Lock[] {
  return locks.filter((lock) => globMatches(lock.path, repoPath)).sort((a, b) => (a.mode === b.mode ? 0 : a.mode === 'exclusive' ? -1 : 1));
}

/** The decoration of a file: someone else's exclusive lock wins over a shared one, which wins over yours. */
export function fileDecoration(repoPath: string, locks: readonly Lock[], selfIds: ReadonlySet<string>, now: number = Date.now()): DecorationSpec | undefined {
  const covering = locksCovering(repoPath, locks);
  if (covering.length === 0) return undefined;
  const tooltip = covering.map((l) => describeLock(l, selfIds, now)).join('\n');
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
  const tooltip = `contains ${files} (${holders.join(', ')})`;
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
