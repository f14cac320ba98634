/**
 * Property-based checks of the path schema and the glob matcher (fast-check, fixed seed, bounded runs, so
 * a failure reproduces and the suite stays quick): no input makes either throw; every pair of accepted
 * globs is compared within a bound; and overlap and matching agree with a brute-force reference that
 * expands the braces, reads each pattern as a regular expression and enumerates every short path over a
 * tiny alphabet. Exactness is the lock guarantee: an overlap missed is two agents granted the same file.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LIMITS, RepoPathListSchema, RepoPathSchema, decideOverlap, expandBraces, globMatches, globProblem, normalizeRepoPath, patternsOverlap } from '@agent-coordinator/shared';

const SEED = 20261205;
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

/** One expanded (brace-free) pattern as an anchored regular expression, following the documented syntax. */
function referenceRegex(pattern: string): RegExp {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const atSegmentStart = i === 0 || pattern[i - 1] === '/';
    if (atSegmentStart && pattern.startsWith('**', i) && (i + 2 === pattern.length || pattern[i + 2] === '/')) {
      source += i + 2 === pattern.length ? '[^]*' : '(?:[^]*/)?';
      i += i + 2 === pattern.length ? 2 : 3;
    } else if (pattern[i] === '*') {
      source += '[^/]*';
      while (pattern[i] === '*') i++;
    } else {
      source += pattern[i] === '?' ? '[^/]' : (pattern[i] ?? '').replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
      i++;
    }
  }
  return new RegExp(`^${source}$`);
}

function referenceMatcher(pattern: string): (path: string) => boolean {
  const regexes = (expandBraces(pattern, 10_000) ?? []).map(referenceRegex);
  return (path) => regexes.some((r) => r.test(path));
}

/** The most characters any expansion of the pattern needs besides its stars: an upper bound on a witness's share. */
const fixedCharacters = (pattern: string): number => Math.max(0, ...(expandBraces(pattern, 10_000) ?? []).map((p) => p.replaceAll('*', '').length));

/** Every string over {a, b, /} up to `max` characters: witnesses for patterns over the same letters. */
function enumerate(max: number): string[] {
  const all = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => ['a', 'b', '/'].map((c) => s + c));
    all.push(...layer);
  }
  return all;
}
const SHORT_PATHS = enumerate(7);

/** Small glob patterns over a tiny alphabet, braces nested and all: where the reference is cheap. */
const tinyGlob: fc.Arbitrary<string> = fc.letrec<{ seq: string; item: string }>((tie) => ({
  seq: fc.array(tie('item'), { minLength: 1, maxLength: 4 }).map((items) => items.join('')),
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', '/', '*', '**', '?', '**/'),
    fc.array(tie('seq'), { minLength: 1, maxLength: 3 }).map((alternatives) => `{${alternatives.join(',')}}`),
  ),
})).seq;

/** Pieces that make globs near the limits: long star runs, deep braces, many segments, odd characters. */
const PIECES = ['*', '**', '?', '/', '**/', '{', '}', ',', '{a,b}', 'a', 'x', '.ts', '\\', '..', '.', ' ', '\u00e9', '\u{1F600}', '\u001b[31m', '\ud800', '\u0085'];
const roughPath = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((pieces) => pieces.join(''));

describe('shared/glob and path schema, property-based', () => {
  it('the path schema parses or refuses any string, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), roughPath), (raw) => {
        const parsed = RepoPathSchema.safeParse(raw);
        if (parsed.success) assert.equal(typeof parsed.data, 'string');
        else assert.ok(parsed.error.issues.length > 0);
        assert.doesNotThrow(() => normalizeRepoPath(raw));
      }),
      runs(3000),
    );
  });

  it('accepts no control character or lone surrogate, wherever it sits', () => {
    const bad = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }), fc.integer({ min: 0xd800, max: 0xdfff })).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), bad, fc.string({ maxLength: 20 }), (before, ch, after) => {
        assert.equal(RepoPathSchema.safeParse(`src/${before}${ch}${after}`).success, false);
      }),
      runs(2000),
    );
  });

  it('the matcher never throws, even on patterns the schema refuses (rows stored before it did)', () => {
    fc.assert(
      fc.property(roughPath, roughPath, (a, b) => {
        assert.doesNotThrow(() => patternsOverlap(a, b));
        assert.doesNotThrow(() => globMatches(a, b));
      }),
      runs(1000),
    );
    const bomb = `g/${'{a,b}'.repeat(12)}`;
    const nested = `g/${'{'.repeat(200)}a${'}'.repeat(200)}`;
    for (const stored of [bomb, nested, `g/${'*x'.repeat(600)}`]) {
      // read as everything under its literal prefix: cautious, and answered at once
      assert.equal(patternsOverlap(stored, 'g/x'), true);
      assert.equal(patternsOverlap(stored, 'h/**'), false);
      assert.equal(globMatches(stored, 'g/anything'), true);
    }
  });

  it('agrees with the brute-force reference on matching and on overlap', () => {
    let checked = 0;
    fc.assert(
      fc.property(tinyGlob, tinyGlob, (a, b) => {
        // past a glob limit the matcher is cautious on purpose (tested above); exactness is for the rest
        fc.pre(globProblem(a) === null && globProblem(b) === null);
        // a shortest common path is no longer than the two patterns' fixed characters together (a star can
        // always match nothing or the other side's letters), so up to 7 characters decides pairs within that
        fc.pre(fixedCharacters(a) + fixedCharacters(b) <= 7);
        checked++;
        const inA = referenceMatcher(a);
        const inB = referenceMatcher(b);
        let witness = false;
        for (const path of SHORT_PATHS) {
          const matchA = inA(path);
          assert.equal(globMatches(a, path), matchA, `globMatches(${a}, ${path})`);
          if (matchA && inB(path)) witness = true;
        }
        assert.equal(patternsOverlap(a, b), witness, `patternsOverlap(${a}, ${b}) against paths up to 7 characters`);
        assert.equal(patternsOverlap(b, a), witness, `patternsOverlap(${b}, ${a}) against paths up to 7 characters`);
      }),
      runs(400),
    );
    // the preconditions skip pairs the reference cannot decide; most must still be compared
    assert.ok(checked >= 300, `only ${checked} pairs compared`);
  });

  it('compares every pair of accepted globs within the bound, however adversarial', () => {
    const accepted = fc
      .array(fc.constantFrom('*', '**', '?', '/', '**/', '{a,b}', '{*a,*b}', '{x,{y,*z}}', 'a', 'x', 'xxxxxxxxxxxx', '*x'), { minLength: 1, maxLength: 80 })
      .map((pieces) => RepoPathSchema.safeParse(`g/${pieces.join('')}`))
      .filter((parsed) => parsed.success)
      .map((parsed) => (parsed.success ? parsed.data : ''));
    let most = 0;
    fc.assert(
      fc.property(accepted, accepted, (a, b) => {
        // steps, not milliseconds, so the bound holds on a busy machine too; the bench times them
        const budget = { remaining: LIMITS.globStepsPerRequest / 2 };
        assert.notEqual(decideOverlap(a, `${b}y`, budget), null, `${a} against ${b}y undecided within half a request's budget`);
        most = Math.max(most, LIMITS.globStepsPerRequest / 2 - budget.remaining);
      }),
      runs(300),
    );
    assert.ok(most > 0);
  });

  it('a list of paths is parsed or refused as a whole, never throws', () => {
    fc.assert(
      fc.property(fc.array(roughPath, { maxLength: LIMITS.filesPerRequest + 5 }), (paths) => {
        assert.doesNotThrow(() => RepoPathListSchema.safeParse(paths));
      }),
      runs(100),
    );
  });
});
