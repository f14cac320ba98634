/**
 * The embedded database's files are readable and writable by their owner only. PGlite writes the files
 * it creates at initdb (and when it unpacks a data image) with mode 0666 whatever the process umask, so
 * anyone on the machine could read the coordinator's tokens and rewrite its tables; the files PostgreSQL
 * creates while running are already 0600. So after PGlite has opened a folder, a folder that still has
 * such files (PG_VERSION, written at creation, tells) is walked once and tightened: folders 0700, files
 * 0600 — what PostgreSQL itself requires of a data directory.
 */
import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const GROUP_OR_OTHER = 0o077;

/** Tightens `dir` and everything under it when its creation left them open to others. */
export async function restrictToOwner(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // modes do not apply; the per-user profile folder guards it
  const marker = await stat(join(dir, 'PG_VERSION')).catch(() => null);
  const top = await stat(dir);
  if ((top.mode & GROUP_OR_OTHER) === 0 && (marker === null || (marker.mode & GROUP_OR_OTHER) === 0)) return;
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await chmod(path, 0o700);
    else if (entry.isFile()) await chmod(path, 0o600);
  }
}
