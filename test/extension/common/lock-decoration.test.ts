/** Mapping locks to explorer decorations, and which rows to redraw. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describeLock, fileDecoration, folderDecoration, LOCK_BADGES, LOCK_COLORS, rowsToRefresh } from '../../../extension/src/common/lock-decoration.ts';
import { iso, lock, T0, uuid } from '../../support/wire-fixtures.ts';

/** VS Code's default colours for git's decorations and problems (dark, light), which ours must not resemble. */
const TAKEN: Readonly<Record<string, readonly [string, string]>> = {
  'gitDecoration.modifiedResourceForeground': ['#E2C08D', '#895503'],
  'gitDecoration.addedResourceForeground': ['#81B88B', '#587C0C'],
  'gitDecoration.untrackedResourceForeground': ['#73C991', '#007100'],
  'gitDecoration.deletedResourceForeground': ['#C74E39', '#AD0707'],
  'gitDecoration.conflictingResourceForeground': ['#E4676B', '#AD0707'],
  'gitDecoration.ignoredResourceForeground': ['#8C8C8C', '#8E8E90'],
  'gitDecoration.submoduleResourceForeground': ['#8DB9E2', '#1258A7'],
  'list.errorForeground': ['#F88070', '#B01011'],
  'list.warningForeground': ['#CCA700', '#855F00'],
};
const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const distance = (a: string, b: string): number => Math.hypot(...rgb(a).map((v, i) => v - (rgb(b)[i] ?? 0)));

const ME = uuid(1);
const BOB = uuid(2);
const self = new Set([ME]);
const bobs = (path: string, over = {}) => lock({ lock_id: uuid(), path, held_by_id: BOB, held_by: 'bob', task_key: 'T-42', expires_at: new Date(2026, 10, 21, 14, 5).toISOString(), ...over });
const mine = (path: string, over = {}) => lock({ lock_id: uuid(), path, held_by_id: ME, held_by: 'alice', ...over });

describe('extension lock decorations', () => {
  const now = new Date(2026, 10, 21, 13, 0).getTime();

  it('badges a file locked by someone else with the holder, task and time in the tooltip', () => {
    const d = fileDecoration('src/a.ts', [bobs('src/a.ts')], self, now);
    assert.deepEqual(d, { badge: 'L', color: LOCK_COLORS.other, tooltip: 'Locked by bob (exclusive, T-42) until 14:05' });
  });

  it('badges your own lock differently', () => {
    const d = fileDecoration('src/a.ts', [mine('src/a.ts', { expires_at: iso(60_000) })], self, T0);
    assert.equal(d?.badge, 'Me');
    assert.equal(d?.color, LOCK_COLORS.mine);
    assert.match(d?.tooltip ?? '', /^Locked by you \(alice, exclusive\) until /);
  });

  it('a shared lock of another is a third look; an exclusive one of another wins over everything', () => {
    assert.equal(fileDecoration('src/a.ts', [bobs('src/a.ts', { mode: 'shared' }), mine('src/a.ts', { mode: 'shared' })], self, now)?.color, LOCK_COLORS.shared);
    assert.equal(fileDecoration('src/a.ts', [mine('src/**'), bobs('src/a.ts')], self, now)?.badge, 'L');
  });

  it('globs cover the files they match and nothing else', () => {
    const locks = [bobs('src/**/*.ts')];
    assert.equal(fileDecoration('src/deep/x.ts', locks, self, now)?.badge, 'L');
    assert.equal(fileDecoration('src/x.md', locks, self, now), undefined);
    assert.match(describeLock(locks[0]!, self, now), /^Locked by bob \(exclusive, T-42, src\/\*\*\/\*\.ts\) until 14:05$/);
  });

  it('marks the folders above a locked file, and only those', () => {
    const locks = [bobs('src/app/a.ts')];
    assert.equal(folderDecoration('src', locks, self)?.tooltip, 'Contains 1 locked file (bob)');
    assert.equal(folderDecoration('src/app', locks, self)?.color, LOCK_COLORS.other);
    assert.equal(folderDecoration('docs', locks, self), undefined);
    assert.equal(folderDecoration('src/ap', locks, self), undefined);
    assert.equal(folderDecoration('lib', [bobs('lib/**')], self)?.badge, '•');
  });

  it('a stale expiry reads as renewed, not as a time in the past', () => {
    assert.match(fileDecoration('a.ts', [bobs('a.ts', { expires_at: iso(-1000) })], self, T0)?.tooltip ?? '', /^Locked by bob \(exclusive, T-42\), lease renewed by heartbeat$/);
  });

  it('says your own lock once even when two of your agents (or a file and its glob) hold it', () => {
    const copilot = uuid(3);
    const both = new Set([ME, copilot]);
    const d = fileDecoration('src/a.ts', [mine('src/a.ts', { expires_at: iso(60_000) }), mine('src/a.ts', { expires_at: iso(60_000), held_by_id: copilot, held_by: 'alice-copilot' }), mine('src/a.ts', { expires_at: iso(60_000) })], both, T0);
    assert.equal(d?.tooltip.split('\n').length, 1, d?.tooltip);
    assert.equal(fileDecoration('src/a.ts', [bobs('src/a.ts', { mode: 'shared' }), mine('src/a.ts', { mode: 'shared', expires_at: iso(60_000) })], both, T0)?.tooltip.split('\n').length, 2, 'another holder is still said');
  });

  it("uses badges and colours of its own, none of git's letters or theme colours", () => {
    const gitLetters = ['M', 'A', 'D', 'R', 'C', 'U', 'I', 'T', '!', 'S'];
    for (const badge of Object.values(LOCK_BADGES)) assert.ok(!gitLetters.includes(badge), badge);
    assert.equal(new Set(Object.values(LOCK_BADGES)).size, Object.values(LOCK_BADGES).length);
    for (const color of Object.values(LOCK_COLORS)) assert.match(color, /^agentCoordinator\./);
  });

  it("contributes colours for every theme kind, each far from git's and problems' colours and from each other", () => {
    interface Colour { readonly id: string; readonly defaults: Readonly<Record<string, string>> }
    const manifest: { contributes: { colors: Colour[] } } = JSON.parse(readFileSync(new URL('../../../extension/package.json', import.meta.url), 'utf8'));
    const ours = manifest.contributes.colors.filter((c) => (Object.values(LOCK_COLORS) as string[]).includes(c.id));
    assert.equal(ours.length, 3);
    for (const colour of ours) {
      for (const kind of ['dark', 'light', 'highContrast', 'highContrastLight']) assert.match(colour.defaults[kind] ?? '', /^#[0-9A-F]{6}$/i, `${colour.id} ${kind}`);
      for (const [name, [dark, light]] of Object.entries(TAKEN)) {
        assert.ok(distance(colour.defaults.dark ?? '', dark) > 70, `${colour.id} dark is too close to ${name}`);
        assert.ok(distance(colour.defaults.light ?? '', light) > 70, `${colour.id} light is too close to ${name}`);
      }
    }
    for (const kind of ['dark', 'light']) {
      const [a, b, c] = ours.map((o) => o.defaults[kind] ?? '');
      assert.ok(distance(a ?? '', b ?? '') > 60 && distance(b ?? '', c ?? '') > 60 && distance(a ?? '', c ?? '') > 60, `${kind}: the three lock colours are told apart`);
    }
  });

  it('redraws the changed files and their folders; a glob redraws everything', () => {
    assert.deepEqual([...rowsToRefresh(['src/app/a.ts', 'b.ts']).paths].sort(), ['b.ts', 'src', 'src/app', 'src/app/a.ts']);
    assert.deepEqual(rowsToRefresh(['src/**']), { all: true, paths: [] });
  });
});
