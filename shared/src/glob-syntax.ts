/**
 * The syntax of a lock glob, parsed once into a tree and checked against the limits that keep comparing
 * two globs cheap. Parsing never throws: a pattern over a limit comes back as a reason a person can act
 * on, which the path schema turns into a VALIDATION error and the matcher into a conservative answer.
 *
 * Braces follow the shell's reading that `expandBraces` had: a `{` opens a group when a matching `}`
 * follows (counting nesting); commas at the group's own depth separate its alternatives; an unmatched
 * `{` makes the rest of the pattern literal; `}` and `,` outside a group are ordinary characters.
 * Characters are UTF-16 code units throughout (here and in the matcher), so any string is handled alike.
 */
import { LIMITS } from './limits.ts';

/** A character of the pattern (`*`, `?` and `/` included), or a brace group of alternative sequences. */
export type GlobItem = string | { readonly alternatives: readonly GlobSequence[] };
export type GlobSequence = readonly GlobItem[];

export type GlobParse = { readonly ok: true; readonly tree: GlobSequence } | { readonly ok: false; readonly reason: string };

const GLOB_CHARS = /[*?{}]/;

export const isGlob = (pattern: string): boolean => GLOB_CHARS.test(pattern);

/** The part of a pattern before its first glob character: every match starts with it. */
export function literalPrefix(pattern: string): string {
  const index = pattern.search(GLOB_CHARS);
  return index === -1 ? pattern : pattern.slice(0, index);
}

/** For each `{` that opens a group, the index of its `}`; one pass with a stack, so nesting costs nothing extra. */
function matchBraces(pattern: string): Map<number, number> {
  const closes = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '{') open.push(i);
    else if (pattern[i] === '}') {
      const start = open.pop();
      if (start !== undefined) closes.set(start, i);
    }
  }
  return closes;
}

interface Parser {
  readonly pattern: string;
  readonly closes: ReadonlyMap<number, number>;
  /** Set once a limit is crossed; parsing stops descending then, so 200 nested braces cost one pass. */
  problem: string | null;
}

/** Parses `pattern[from, to)`; `depth` counts the brace groups around it. */
function parseSequence(parser: Parser, from: number, to: number, depth: number): GlobItem[] {
  const items: GlobItem[] = [];
  for (let i = from; i < to && parser.problem === null; i++) {
    const ch = parser.pattern[i] ?? '';
    if (ch !== '{') {
      items.push(ch);
      continue;
    }
    const close = parser.closes.get(i);
    if (close === undefined) {
      // only possible at the top level (a group's inside is balanced): the rest is literal, braces and all
      for (let k = i; k < to; k++) items.push(parser.pattern[k] ?? '');
      break;
    }
    if (depth + 1 > LIMITS.globBraceDepth) {
      parser.problem = `nests braces more than ${LIMITS.globBraceDepth} deep; flatten the alternatives or lock the folder instead`;
      break;
    }
    const alternatives: GlobSequence[] = [];
    let start = i + 1;
    for (let j = i + 1; j <= close; j++) {
      const inner = parser.closes.get(j);
      if (inner !== undefined) j = inner;
      else if (j === close || parser.pattern[j] === ',') {
        alternatives.push(parseSequence(parser, start, j, depth + 1));
        start = j + 1;
      }
    }
    items.push({ alternatives });
    i = close;
  }
  return items;
}

/** How many plain patterns the braces stand for, counted without expanding them and capped just past the limit. */
export function countAlternatives(sequence: GlobSequence): number {
  let product = 1;
  for (const item of sequence) {
    if (typeof item === 'string') continue;
    let sum = 0;
    for (const alternative of item.alternatives) sum = Math.min(sum + countAlternatives(alternative), LIMITS.globAlternatives + 1);
    product = Math.min(product * sum, LIMITS.globAlternatives + 1);
  }
  return product;
}

/** The wildcards (`*` runs and `?`) the pattern contains, over all its alternatives. */
function countWildcards(pattern: string): number {
  return (pattern.match(/\*+|\?/g) ?? []).length;
}

/** Parses a glob and checks it against every limit the matcher relies on. Never throws. */
export function parseGlob(pattern: string): GlobParse {
  if (pattern.length > LIMITS.globLength) {
    return { ok: false, reason: `is a glob of ${pattern.length} characters; globs may have at most ${LIMITS.globLength} (lock a folder or several shorter patterns)` };
  }
  const wildcards = countWildcards(pattern);
  if (wildcards > LIMITS.globWildcards) {
    return { ok: false, reason: `has ${wildcards} wildcards (* runs and ?); a glob may have at most ${LIMITS.globWildcards} (lock a folder or several simpler patterns)` };
  }
  const parser: Parser = { pattern, closes: matchBraces(pattern), problem: null };
  const tree = parseSequence(parser, 0, pattern.length, 0);
  if (parser.problem !== null) return { ok: false, reason: parser.problem };
  const alternatives = countAlternatives(tree);
  if (alternatives > LIMITS.globAlternatives) {
    return { ok: false, reason: `stands for more than ${LIMITS.globAlternatives} alternatives once its braces are expanded; split it into several patterns or lock the folder` };
  }
  return { ok: true, tree };
}
