/** The Locks page's tree of paths (dashboard/src/pages/lock-tree.ts), pure data without a browser. */
import assert from 'node:assert/strict';
import type { Lock } from '@agent-coordinator/shared';
import { leafName, lockTree, type LockFolder } from '../../dashboard/src/pages/lock-tree.ts';

let next = 0;
const lock = (path: string, held_by = 'bot'): Lock => ({
  lock_id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
  path,
  mode: 'exclusive',
  held_by,
  held_by_id: `10000000-0000-4000-8000-${held_by.padStart(12, '0').slice(-12)}`,
  task_id: null,
  task_key: null,
  reason: null,
  acquired_at: '2026-12-05T00:00:00.000Z',
  expires_at: '2026-12-05T01:00:00.000Z',
  fencing_token: next,
});

/** Folder names and lock paths, indented, so a failure shows the whole shape. */
const shape = (folder: LockFolder, depth = 0): string[] => [
  ...folder.folders.flatMap((child) => [`${'  '.repeat(depth)}${child.name}/ (${child.count})`, ...shape(child, depth + 1)]),
  ...folder.locks.map((l) => `${'  '.repeat(depth)}${l.path} ${l.held_by}`),
];

describe('dashboard lock tree', () => {
  it('nests locks under their folders, folders first and sorted, with counts of everything below', () => {
    const tree = lockTree([lock('src/b/y.ts'), lock('README.md'), lock('src/a/x.ts'), lock('src/a/w.ts', 'other'), lock('src/top.ts')]);
    assert.equal(tree.count, 5);
    assert.deepEqual(shape(tree), ['src/ (4)', '  a/ (2)', '    src/a/w.ts other', '    src/a/x.ts bot', '  b/ (1)', '    src/b/y.ts bot', '  src/top.ts bot', 'README.md bot']);
  });

  it('joins a chain of folders that hold only one folder, and keeps globs as leaves', () => {
    const tree = lockTree([lock('packages/server/src/db/**'), lock('packages/server/src/db/schema.sql')]);
    assert.deepEqual(shape(tree), ['packages/server/src/db/ (2)', '  packages/server/src/db/** bot', '  packages/server/src/db/schema.sql bot']);
    assert.equal(tree.folders[0]?.path, 'packages/server/src/db/');
  });

  it('keeps two holders of one shared path apart, and is empty without locks', () => {
    const tree = lockTree([lock('a.ts', 'zed'), lock('a.ts', 'amy')]);
    assert.deepEqual(shape(tree), ['a.ts amy', 'a.ts zed']);
    assert.deepEqual(lockTree([]), { name: '', path: '', folders: [], locks: [], count: 0 });
  });

  it('names a row by its last segment', () => {
    assert.equal(leafName('src/a/x.ts'), 'x.ts');
    assert.equal(leafName('src/**'), '**');
    assert.equal(leafName('top.ts'), 'top.ts');
  });
});
