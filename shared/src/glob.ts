/**
 * Glob matching and overlap for repository paths.
 *
 * Two lock patterns conflict when some file path could match both: `src/**` overlaps `src/a.ts`,
 * `src/*.ts` overlaps `src/a.*`, `docs/**` does not overlap `src/**`. Each pattern is compiled once into
 * an automaton over characters (glob-automaton.ts); overlap is reachability of a pair of accepting states
 * in the product of two automata, so it is exact for the supported syntax rather than a heuristic.
 *
 * Syntax: `?` one character but `/`; `*` any run within a segment; `**` as a whole segment any number of
 * segments (`a/**` everything under a, `**` + `/b` b at any depth); `{x,y}` alternatives.
 *
 * Nothing here throws, whatever the strings: a lock stored before the path schema checked glob limits
 * (glob-syntax.ts) may be over them, and no stored lock may make a later request fail. Such a pattern is
 * read conservatively as everything under its literal prefix: it overlaps every pattern whose literal
 * prefix is compatible with its own, so it can refuse too much but never lets a conflict through.
 */
import { automataIntersect, automatonAccepts, compileGlob, type GlobAutomaton, type OverlapBudget } from './glob-automaton.ts';
import { isGlob, literalPrefix, parseGlob } from './glob-syntax.ts';
import { LIMITS } from './limits.ts';

export { isGlob } from './glob-syntax.ts';
export type { OverlapBudget } from './glob-automaton.ts';

/** A fresh budget for the glob comparisons of one request (LIMITS.globStepsPerRequest). */
export const requestOverlapBudget = (): OverlapBudget => ({ remaining: LIMITS.globStepsPerRequest, millisLeft: LIMITS.globMillisPerRequest });

/** A compiled pattern, or null for one over the limits (read as everything under its literal prefix). */
type Compiled = GlobAutomaton | null;

/** Bounded caches: lock checks compare the same held patterns again and again, so both pay off. */
const CACHE_SIZE = 10_000;
const compiled = new Map<string, Compiled>();
const overlaps = new Map<string, boolean>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The pattern's automaton, compiled once and cached; undefined when it is not compiled yet and the budget
 * is spent. Compiling is charged to the budget's clock, not its steps (so the steps of a comparison stay
 * reproducible): 400 fresh globs at the limits take 100–200 ms to compile on a busy machine, and that too
 * must not hold the event loop. The price: a request of hundreds of fresh long globs may be refused
 * cautiously on its first try; the second finds them compiled.
 */
function automatonFor(pattern: string, budget?: OverlapBudget): Compiled | undefined {
  const found = compiled.get(pattern);
  if (found !== undefined) return found;
  if (budget && (budget.remaining <= 0 || (budget.millisLeft ?? 1) <= 0)) return undefined;
  const began = performance.now();
  const parsed = parseGlob(pattern);
  const automaton = remember(compiled, pattern, parsed.ok ? compileGlob(parsed.tree) : null);
  if (budget?.millisLeft !== undefined && (budget.millisLeft -= performance.now() - began) <= 0) budget.remaining = 0;
  return automaton;
}

/** Why the pattern is over a glob limit, or null when it is within them (plain paths always are). */
export function globProblem(pattern: string): string | null {
  if (!isGlob(pattern)) return null;
  const parsed = parseGlob(pattern);
  return parsed.ok ? null : parsed.reason;
}

/** Expands `{a,b}` alternatives (nested allowed) into plain patterns, at most `limit` of them (then null). */
export function expandBraces(pattern: string, limit = 64): string[] | null {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      close = i;
      break;
    } else if (ch === ',' && depth === 1) commas.push(i);
  }
  if (close === -1) return [pattern]; // an unmatched brace is a literal character
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = [open, ...commas, close];
  const results: string[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const option = pattern.slice((bounds[i] ?? 0) + 1, bounds[i + 1]);
    const expanded = expandBraces(head + option + tail, limit - results.length);
    if (expanded === null || results.length + expanded.length > limit) return null;
    results.push(...expanded);
  }
  return results;
}

/**
 * Whether the concrete path matches the pattern (a plain pattern matches only itself). With a budget that
 * runs out before the answer is known, the answer is the cautious one: it matches.
 */
export function globMatches(pattern: string, path: string, budget?: OverlapBudget): boolean {
  if (!isGlob(pattern)) return pattern === path;
  return decideOverlap(pattern, path, budget) ?? true;
}

/**
 * Whether some file path matches both patterns. Symmetric. Without a budget the answer is exact (and its
 * cost bounded by the glob limits); with one that runs out first, the answer is the cautious one: overlap.
 */
export function patternsOverlap(a: string, b: string, budget?: OverlapBudget): boolean {
  return decideOverlap(a, b, budget) ?? true;
}

/**
 * Whether some file path matches both patterns, or null when the budget ran out before the answer was
 * known. A pattern over the glob limits is decided at once (as everything under its literal prefix).
 */
export function decideOverlap(a: string, b: string, budget?: OverlapBudget): boolean | null {
  if (a === b) return true;
  const globA = isGlob(a);
  const globB = isGlob(b);
  if (!globA && !globB) return false;
  if (!globA || !globB) {
    const [pattern, path] = globA ? [a, b] : [b, a];
    if (!path.startsWith(literalPrefix(pattern))) return false;
    const automaton = automatonFor(pattern, budget);
    if (automaton === undefined) return null;
    return automaton === null || automatonAccepts(automaton, path, budget);
  }
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  if (!pa.startsWith(pb) && !pb.startsWith(pa)) return false;
  const key = a < b ? `${a.length}:${a}${b}` : `${b.length}:${b}${a}`;
  const known = overlaps.get(key);
  if (known !== undefined) return known;
  const left = automatonFor(a, budget);
  const right = automatonFor(b, budget);
  if (left === undefined || right === undefined) return null;
  if (left === null || right === null) return true;
  const decided = automataIntersect(left, right, budget);
  return decided === null ? null : remember(overlaps, key, decided);
}
