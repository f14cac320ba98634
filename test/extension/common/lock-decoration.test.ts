/** Mapping locks to explorer decorations, and which rows to redraw. */
import assert from 'node:assert/strict';
import { describeLock, fileDecoration, folderDecoration, LOCK_COLORS, rowsToRefresh } from '../../../extension/src/common/lock-decoration.ts';
import { iso, lock, T0, uuid } from '../support/fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const self = new Set([ME]);
const bobs = (path: string, over = {}) => lock({ lock_id: uuid(), path, held_by_id: BOB, held_by: 'bob', task_key: 'T-42', expires_at: new Date(2026, 10, 21, 14, 5).toISOString(), ...over });
const mine = (path: string, over = {}) => lock({ lock_id: uuid(), path, held_by_id: ME, held_by: 'alice', ...over });

describe('extension lock decorations', () => {
  const now = new Date(2026, 10, 21, 13, 0).getTime();

  it('badges a file locked by someone else with the holder, task and time in the tooltip', () => {
    const d = fileDecoration('src/a.ts', [bobs('src/a.ts')], self, now);
    assert.deepEqual(d, { badge: 'L', color: LOCK_COLORS.other, tooltip: 'locked by bob for T-42 until 14:05' });
  });

  it('badges your own lock differently', () => {
    const d = fileDecoration('src/a.ts', [mine('src/a.ts', { expires_at: iso(60_000) })], self, T0);
    assert.equal(d?.badge, 'Me');
    assert.equal(d?.color, LOCK_COLORS.mine);
    assert.match(d?.tooltip ?? '', /^locked by you \(alice\)/);
  });

  it('a shared lock of another is a third look; an exclusive one of another wins over everything', () => {
    assert.equal(fileDecoration('src/a.ts', [bobs('src/a.ts', { mode: 'shared' }), mine('src/a.ts', { mode: 'shared' })], self, now)?.color, LOCK_COLORS.shared);
    assert.equal(fileDecoration('src/a.ts', [mine('src/**'), bobs('src/a.ts')], self, now)?.badge, 'L');
  });

  it('globs cover the files they match and nothing else', () => {
    const locks = [bobs('src/**/*.ts')];
    assert.equal(fileDecoration('src/deep/x.ts', locks, self, now)?.badge, 'L');
    assert.equal(fileDecoration('src/x.md', locks, self, now), undefined);
    assert.match(describeLock(locks[0]!, self, now), /\(src\/\*\*\/\*\.ts\)$/);
  });

  it('marks the folders above a locked file, and only those', () => {
    const locks = [bobs('src/app/a.ts')];
    assert.equal(folderDecoration('src', locks, self)?.tooltip, 'contains 1 locked file (bob)');
    assert.equal(folderDecoration('src/app', locks, self)?.color, LOCK_COLORS.other);
    assert.equal(folderDecoration('docs', locks, self), undefined);
    assert.equal(folderDecoration('src/ap', locks, self), undefined);
    assert.equal(folderDecoration('lib', [bobs('lib/**')], self)?.badge, '•');
  });

  it('a stale expiry reads as renewed, not as a time in the past', () => {
    assert.match(fileDecoration('a.ts', [bobs('a.ts', { expires_at: iso(-1000) })], self, T0)?.tooltip ?? '', /lease renewed by heartbeat/);
  });

  it('redraws the changed files and their folders; a glob redraws everything', () => {
    assert.deepEqual([...rowsToRefresh(['src/app/a.ts', 'b.ts']).paths].sort(), ['b.ts', 'src', 'src/app', 'src/app/a.ts']);
    assert.deepEqual(rowsToRefresh(['src/**']), { all: true, paths: [] });
  });
});
