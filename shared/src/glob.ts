/**
 * Glob matching and overlap for repository paths.
 *
 * Two lock patterns conflict when some file path could match both: `src/**` overlaps `src/a.ts`,
 * `src/*.ts` overlaps `src/a.*`, `docs/**` does not overlap `src/**`. Each pattern is compiled into a small
 * automaton over characters; overlap is reachability of a pair of accepting states in the product of two
 * automata, so it is exact for the supported syntax rather than a heuristic.
 *
 * Syntax: `?` one character but `/`; `*` any run within a segment; `**` as a whole segment any number of
 * segments (`a/**` everything under a, `**` + `/b` b at any depth); `{x,y}` alternatives.
 */

type Edge =
  | { readonly kind: 'char'; readonly ch: string; readonly to: number }
  | { readonly kind: 'segment-char'; readonly to: number }
  | { readonly kind: 'any-char'; readonly to: number };

interface Automaton {
  readonly edges: readonly (readonly Edge[])[];
  readonly epsilons: readonly (readonly number[])[];
  readonly accept: number;
}

const GLOB_CHARS = /[*?{}]/;
const MAX_ALTERNATIVES = 64;

export const isGlob = (pattern: string): boolean => GLOB_CHARS.test(pattern);

/** The part of a pattern before its first glob character: every match starts with it. */
const literalPrefix = (pattern: string): string => {
  const index = pattern.search(GLOB_CHARS);
  return index === -1 ? pattern : pattern.slice(0, index);
};

/** Expands `{a,b}` alternatives (nested allowed) into plain patterns. */
export function expandBraces(pattern: string): string[] {
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
    for (const expanded of expandBraces(head + option + tail)) {
      results.push(expanded);
      if (results.length > MAX_ALTERNATIVES) throw new Error(`"${pattern}" has more than ${MAX_ALTERNATIVES} alternatives`);
    }
  }
  return results;
}

function compile(pattern: string): Automaton {
  const edges: Edge[][] = [[]];
  const epsilons: number[][] = [[]];
  const addState = (): number => {
    edges.push([]);
    epsilons.push([]);
    return edges.length - 1;
  };
  let state = 0;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] ?? '';
    const atSegmentStart = i === 0 || pattern[i - 1] === '/';
    if (ch === '*' && pattern[i + 1] === '*' && atSegmentStart && (i + 2 === pattern.length || pattern[i + 2] === '/')) {
      const next = addState();
      if (i + 2 === pattern.length) {
        // trailing `**`: anything, including further segments
        edges[state]?.push({ kind: 'any-char', to: state });
        epsilons[state]?.push(next);
        i += 2;
      } else {
        // `**/`: zero or more whole segments, each ending in '/'
        edges[state]?.push({ kind: 'any-char', to: state }, { kind: 'char', ch: '/', to: next });
        epsilons[state]?.push(next);
        i += 3;
      }
      state = next;
    } else if (ch === '*') {
      const next = addState();
      edges[state]?.push({ kind: 'segment-char', to: state });
      epsilons[state]?.push(next);
      state = next;
      while (pattern[i] === '*') i++;
    } else {
      const next = addState();
      edges[state]?.push(ch === '?' ? { kind: 'segment-char', to: next } : { kind: 'char', ch, to: next });
      state = next;
      i++;
    }
  }
  return { edges, epsilons, accept: state };
}

const compiled = new Map<string, readonly Automaton[]>();
function automataFor(pattern: string): readonly Automaton[] {
  let found = compiled.get(pattern);
  if (!found) {
    found = expandBraces(pattern).map(compile);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, found);
  }
  return found;
}

function closure(a: Automaton, states: Iterable<number>): Set<number> {
  const result = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop() as number;
    if (result.has(s)) continue;
    result.add(s);
    for (const t of a.epsilons[s] ?? []) stack.push(t);
  }
  return result;
}

const edgeAccepts = (edge: Edge, ch: string): boolean =>
  edge.kind === 'any-char' || (edge.kind === 'segment-char' ? ch !== '/' : edge.ch === ch);

function automatonMatches(a: Automaton, path: string): boolean {
  let current = closure(a, [0]);
  for (const ch of path) {
    const next: number[] = [];
    for (const s of current) for (const e of a.edges[s] ?? []) if (edgeAccepts(e, ch)) next.push(e.to);
    if (next.length === 0) return false;
    current = closure(a, next);
  }
  return current.has(a.accept);
}

/** Whether some single character is accepted by both edges. */
function edgesIntersect(x: Edge, y: Edge): boolean {
  if (x.kind === 'char' && y.kind === 'char') return x.ch === y.ch;
  if (x.kind === 'char') return edgeAccepts(y, x.ch);
  if (y.kind === 'char') return edgeAccepts(x, y.ch);
  return true; // segment-char and any-char both accept ordinary characters
}

function automataOverlap(a: Automaton, b: Automaton): boolean {
  const seen = new Set<number>();
  const width = b.edges.length;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [sa, sb] = stack.pop() as [number, number];
    const key = sa * width + sb;
    if (seen.has(key)) continue;
    seen.add(key);
    const ca = closure(a, [sa]);
    const cb = closure(b, [sb]);
    if (ca.has(a.accept) && cb.has(b.accept)) return true;
    for (const x of ca) {
      for (const ex of a.edges[x] ?? []) {
        for (const y of cb) {
          for (const ey of b.edges[y] ?? []) {
            if (edgesIntersect(ex, ey)) stack.push([ex.to, ey.to]);
          }
        }
      }
    }
  }
  return false;
}

/** Whether the concrete path matches the pattern (a plain pattern matches only itself). */
export function globMatches(pattern: string, path: string): boolean {
  if (!isGlob(pattern)) return pattern === path;
  if (!path.startsWith(literalPrefix(pattern))) return false;
  return automataFor(pattern).some((a) => automatonMatches(a, path));
}

/** Whether some file path matches both patterns. Symmetric. */
export function patternsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const globA = isGlob(a);
  const globB = isGlob(b);
  if (!globA && !globB) return false;
  if (!globA) return globMatches(b, a);
  if (!globB) return globMatches(a, b);
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  if (!pa.startsWith(pb) && !pb.startsWith(pa)) return false;
  const left = automataFor(a);
  const right = automataFor(b);
  return left.some((x) => right.some((y) => automataOverlap(x, y)));
}
