/** The lock index never hides a conflict: every held lock that overlaps a pattern is among its candidates. */
import assert from 'node:assert/strict';
import { patternsOverlap } from '@agent-coordinator/shared';
import { LockIndex } from '../../server/src/modules/lock/lock-index.ts';
import type { HeldLock } from '../../server/src/modules/lock/lock-conflicts.ts';

const PIECES = ['src', 'lib', 'a', 'b', 'x.ts', 'y.md', '*', '**', '*.ts', 'a*', '?.ts', '{a,b}', 'src*'];

function randomPattern(random: () => number): string {
  const depth = 1 + Math.floor(random() * 4);
  return Array.from({ length: depth }, () => PIECES[Math.floor(random() * PIECES.length)]).join('/');
}

/** A small deterministic generator, so a failure reproduces. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const held = (path: string, i: number): HeldLock => ({
  path,
  mode: 'exclusive',
  held_by: `agent-${i}`,
  held_by_id: `id-${i}`,
  task_id: null,
  task_key: null,
  expires_at: '2099-01-01T00:00:00.000Z',
});

describe('LockIndex', () => {
  it('offers every overlapping lock as a candidate (2,000 random patterns against 300 locks)', () => {
    const random = mulberry32(42);
    const locks = Array.from({ length: 300 }, (_, i) => held(randomPattern(random), i));
    const index = new LockIndex(locks);
    let overlaps = 0;
    for (let q = 0; q < 2_000; q++) {
      const pattern = randomPattern(random);
      const candidates = new Set(index.candidates(pattern));
      for (const lock of locks) {
        if (!patternsOverlap(pattern, lock.path)) continue;
        overlaps++;
        assert.ok(candidates.has(lock), `${lock.path} overlaps ${pattern} but is not a candidate`);
      }
    }
    assert.ok(overlaps > 1_000, `the sample exercised overlaps (${overlaps})`);
  });

  it('prunes locks in unrelated folders', () => {
    const index = new LockIndex([held('src/a.ts', 1), held('docs/**', 2), held('**/*.md', 3)]);
    assert.deepEqual(index.candidates('src/b.ts').map((l) => l.path).sort(), ['**/*.md', 'src/a.ts']);
  });
});
