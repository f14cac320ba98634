/**
 * The embedded database's files are readable and writable by their owner only. PGlite writes the files
 * it creates at initdb (and when it unpacks a data image) with mode 0666 whatever the process umask, so
 * anyone on the machine could read the coordinator's tokens and rewrite its tables; the files PostgreSQL
 * creates while running are mostly 0600, but the relation-cache files (pg_internal.init) PGlite writes at
 * each start come out 0644 whatever the umask. So each time PGlite has opened a folder it is walked and
 * whatever is open to others is tightened: folders 0700, files 0600, what PostgreSQL itself requires of a
 * data directory.
 */
import { chmod, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const GROUP_OR_OTHER = 0o077;

/** Tightens `dir` and everything under it that is open to group or others (a walk of ≈ 1,200 entries: ~30 ms). */
export async function restrictToOwner(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // modes do not apply; the per-user profile folder guards it
  const tighten = async (path: string, mode: number): Promise<void> => {
    if (((await stat(path)).mode & GROUP_OR_OTHER) !== 0) await chmod(path, mode);
  };
  await tighten(dir, 0o700);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await tighten(path, 0o700);
    else if (entry.isFile()) await tighten(path, 0o600);
  }
}
