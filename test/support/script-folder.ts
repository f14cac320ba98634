/**
 * A temporary folder of executable shell scripts for one `describe` block: made in its `before`, removed in
 * its `after`. Call it in the block's body.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScriptFolder {
  /** The folder (set once the block's `before` has run). */
  readonly dir: string;
  /** Writes `#!/bin/sh` and `body` to an executable file in the folder; returns its path. */
  script(name: string, body: string): string;
}

export function scriptFolder(prefix: string): ScriptFolder {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir() {
      return dir;
    },
    script(name, body) {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
      return path;
    },
  };
}
