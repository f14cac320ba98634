/**
 * The file tools an in-process agent gets — read_file, list_files, write_file — confined to the run's
 * workspace: relative paths only, no `..` out of it, and no way out through a symbolic link (the real
 * path of the target, or of its nearest existing ancestor for a new file, must lie inside the workspace's
 * real path). Sizes are bounded so one answer cannot flood the model's context.
 */
import { lstat, mkdir, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CoordinatorError } from '@agent-coordinator/shared';

/** Bytes read_file returns at most; longer files are cut with a note. */
export const READ_LIMIT_BYTES = 256 * 1024;
/** Entries list_files returns at most. */
export const LIST_LIMIT = 1_000;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

const inside = (root: string, path: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);

const exists = async (path: string): Promise<boolean> => {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
};

export class WorkspaceFiles {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  /** The absolute path for a workspace-relative one, or a VALIDATION error saying why it is refused. */
  async resolve(tool: string, path: string): Promise<string> {
    const refuse = (why: string): CoordinatorError => new CoordinatorError('VALIDATION', `${tool}: path "${path}" is refused: ${why}; give a path relative to the workspace, inside it`, [{ field: 'path', message: why }]);
    if (path.includes('\0')) throw refuse('it contains a NUL byte');
    if (isAbsolute(path)) throw refuse('it is absolute');
    const target = resolve(this.#root, path === '' ? '.' : path);
    if (!inside(this.#root, target)) throw refuse('it leads out of the workspace');
    const realRoot = await realpath(this.#root);
    // The nearest existing ancestor (the target itself when it exists) decides where a write really lands.
    let probe = target;
    while (!(await exists(probe)) && inside(this.#root, dirname(probe)) && probe !== this.#root) probe = dirname(probe);
    let real: string;
    try {
      real = await realpath(probe);
    } catch {
      throw refuse('it goes through a dangling symbolic link');
    }
    if (!inside(realRoot, real)) throw refuse('a symbolic link on it leads out of the workspace');
    return target;
  }

  async read(path: string): Promise<string> {
    const absolute = await this.resolve('read_file', path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile()) throw new CoordinatorError('NOT_FOUND', `read_file: ${path} is not a file in the workspace; list_files shows what is there`);
    const bytes = await readFile(absolute);
    const text = bytes.subarray(0, READ_LIMIT_BYTES).toString('utf8');
    return bytes.length > READ_LIMIT_BYTES ? `${text}\n… (cut: ${bytes.length - READ_LIMIT_BYTES} more bytes)` : text;
  }

  /** Files under a folder (recursive, `.git` and `node_modules` skipped), workspace-relative, sorted. */
  async list(path: string): Promise<string[]> {
    const absolute = await this.resolve('list_files', path);
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (found.length >= LIST_LIMIT) return;
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
        } else found.push(relative(this.#root, full));
      }
    };
    await walk(absolute);
    return found;
  }

  /** Writes (creating folders); returns the workspace-relative path written. */
  async write(path: string, content: string): Promise<string> {
    const absolute = await this.resolve('write_file', path);
    await mkdir(dirname(absolute), { recursive: true });
    // Re-checked after mkdir: a folder created on the way cannot have become a link out.
    await this.resolve('write_file', path);
    await writeFile(absolute, content);
    return relative(this.#root, absolute);
  }
}
