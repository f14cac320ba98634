import assert from 'node:assert/strict';
import { expandBraces, globMatches, isGlob, patternsOverlap } from '@agent-coordinator/shared';

/** Overlap must not depend on argument order, so every case is checked both ways. */
function assertOverlap(a: string, b: string, expected: boolean): void {
  assert.equal(patternsOverlap(a, b), expected, `patternsOverlap(${a}, ${b})`);
  assert.equal(patternsOverlap(b, a), expected, `patternsOverlap(${b}, ${a})`);
}

describe('shared/glob', () => {
  describe('patternsOverlap', () => {
    const cases: readonly (readonly [string, string, boolean])[] = [
      ['src/**', 'src/a.ts', true],
      ['src/*.ts', 'src/a.*', true],
      ['docs/**', 'src/**', false],
      ['src/*.ts', 'src/x/a.ts', false],
      ['**/*.md', 'docs/a/b.md', true],
      ['src/**/a.ts', 'src/a.ts', true],
      ['src/**', '**/*.ts', true],
      ['*.md', 'docs/a.md', false],
      ['**', 'anything/at/all', true],
      ['src/**/x', 'src/**/y', false],
      // braces
      ['src/{a,b}.ts', 'src/b.ts', true],
      ['src/{a,b}.ts', 'src/c.ts', false],
      ['src/{a,b}/**', 'src/b/*.ts', true],
      ['src/{a,b}/**', 'src/c/**', false],
      // `?` is exactly one character, never '/'
      ['src/?.ts', 'src/a.ts', true],
      ['src/?.ts', 'src/ab.ts', false],
      ['src/?', 'src/a/b', false],
      ['a/**/b', 'a/x*', false],
      ['{a/,}**/c', 'a/q/c', true],
      // plain paths
      ['src/a.ts', 'src/a.ts', true],
      ['src/a.ts', 'src/b.ts', false],
    ];
    for (const [a, b, expected] of cases) {
      it(`${a} ${expected ? 'overlaps' : 'does not overlap'} ${b}`, () => assertOverlap(a, b, expected));
    }
  });

  describe('globMatches', () => {
    const cases: readonly (readonly [string, string, boolean])[] = [
      ['src/*.ts', 'src/a.ts', true],
      ['src/*.ts', 'src/x/a.ts', false],
      ['src/**', 'src/a/b/c', true],
      ['src/**', 'srcx/a', false],
      ['**/*.md', 'a.md', true],
      ['**/*.md', 'a/b/c.md', true],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a/**/b', 'ab', false],
      // `**/` stands for whole segments only, and a `**` made whole by braces is a globstar too
      ['a/**/b', 'a/xb', false],
      ['**/*.md', 'xa.md', true],
      ['src/{**,lib}/x', 'src/p/q/x', true],
      ['src/{**,lib}/x', 'src/libx/x', true],
      ['src/a{**,b}/x', 'src/a/q/x', false],
      ['src/a{**,b}/x', 'src/azz/x', true],
      ['*', 'a/b', false],
      ['src/?.ts', 'src/ab.ts', false],
      ['src/{a,b}.ts', 'src/b.ts', true],
      ['src/a.ts', 'src/a.ts', true],
      ['src/a.ts', 'src/a.tsx', false],
    ];
    for (const [pattern, path, expected] of cases) {
      it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () =>
        assert.equal(globMatches(pattern, path), expected));
    }
  });

  describe('isGlob and expandBraces', () => {
    it('tells globs from plain paths', () => {
      assert.equal(isGlob('src/a.ts'), false);
      assert.equal(isGlob('src/*.ts'), true);
      assert.equal(isGlob('src/{a,b}.ts'), true);
    });

    it('expands nested alternatives', () => {
      assert.deepEqual(expandBraces('src/{a,b{1,2}}.ts'), ['src/a.ts', 'src/b1.ts', 'src/b2.ts']);
    });

    it('keeps an unmatched brace literal', () => {
      assert.deepEqual(expandBraces('src/{a.ts'), ['src/{a.ts']);
    });
  });
});
