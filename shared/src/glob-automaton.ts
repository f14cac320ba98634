/**
 * A parsed glob compiled into one automaton over characters, braces included as alternation rather than
 * expanded into a pattern each, with epsilon moves folded away at compile time. Deciding overlap is then
 * a walk over pairs of states with no closure work per step, and its size is bounded by the two
 * patterns' lengths (LIMITS.globLength), however many alternatives the braces stand for.
 *
 * Meaning, as for the expanded patterns: `?` one character but `/`; a run of `*` any run within a
 * segment; `**` standing alone as a segment (start or `/` before it, end or `/` after it, in the expanded
 * text, so `a/{**,b}/c` holds one) any number of whole segments: at the end anything at all, before `/`
 * zero or more segments each ending in `/` (`a/**` + `/b` matches a/b and a/x/y/b, never a/xb).
 *
 * Whether a `*` pair is a globstar depends on the characters around it, which with braces differ between
 * alternatives; so the automaton is built over pairs (position in the brace structure, context), the
 * context saying whether the last character written was `/` and, inside a run of stars, how long the run
 * is and whether it began a segment. Each distinct context is a state, so the construction stays exact.
 */
import type { GlobSequence } from './glob-syntax.ts';

/** An epsilon-free automaton; state 0 starts. Edges are split by what they read, for quick intersection. */
export interface GlobAutomaton {
  /** Per state: targets on exactly this character. */
  readonly chars: readonly ReadonlyMap<string, readonly number[]>[];
  /** Per state: targets on any character but `/`. */
  readonly segment: readonly (readonly number[])[];
  /** Per state: targets on any character. */
  readonly any: readonly (readonly number[])[];
  readonly accepting: readonly boolean[];
}

/** The brace structure as a small graph over pattern characters: a node reads `ch` to `next`, or forks by `eps`. */
interface SourceNode {
  ch: string | null;
  next: number;
  readonly eps: number[];
}

function buildSource(tree: GlobSequence): { readonly nodes: readonly SourceNode[]; readonly final: number } {
  const nodes: SourceNode[] = [];
  const add = (): number => nodes.push({ ch: null, next: -1, eps: [] }) - 1;
  const emit = (sequence: GlobSequence, from: number): number => {
    let current = from;
    for (const item of sequence) {
      const node = nodes[current];
      if (!node) break;
      if (typeof item === 'string') {
        node.ch = item;
        node.next = add();
        current = node.next;
        continue;
      }
      const join = add();
      for (const alternative of item.alternatives) {
        const start = add();
        node.eps.push(start);
        nodes[emit(alternative, start)]?.eps.push(join);
      }
      current = join;
    }
    return current;
  };
  const final = emit(tree, add());
  return { nodes, final };
}

type EdgeKind = 'char' | 'segment' | 'any';
interface RawState {
  readonly eps: number[];
  readonly edges: { readonly kind: EdgeKind; readonly ch: string; readonly to: number }[];
  accepting: boolean;
}

/** Compiles a parsed glob. Linear in the pattern's length times a constant number of contexts. */
export function compileGlob(tree: GlobSequence): GlobAutomaton {
  const { nodes, final } = buildSource(tree);
  const m = nodes.length;
  // State keys: node*8 + mode (0/1: plain, last char not / or /; 2..7: in a run of 1, 2, 3+ stars,
  // begun at a segment start or not); then the loops a finished run of stars becomes.
  const LOOP = 8 * m;
  const GLOBSTAR = 9 * m;
  const GLOBSTAR_INSIDE = 10 * m;
  const TRAILING_GLOBSTAR = 11 * m;
  const TRAILING_STAR = 11 * m + 1;
  const plain = (node: number, atSegmentStart: boolean): number => node * 8 + (atSegmentStart ? 1 : 0);
  const inStars = (node: number, run: number, atSegmentStart: boolean): number => node * 8 + 2 + (Math.min(run, 3) - 1) * 2 + (atSegmentStart ? 1 : 0);

  /** The reading nodes and whether the end is reachable from `node` through brace forks alone. */
  const sourceClosure = (node: number): { readonly reading: number[]; readonly atEnd: boolean } => {
    const reading: number[] = [];
    let atEnd = false;
    const seen = new Set<number>();
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop() ?? 0;
      if (seen.has(n)) continue;
      seen.add(n);
      if (n === final) atEnd = true;
      const source = nodes[n];
      if (!source) continue;
      if (source.ch !== null) reading.push(n);
      stack.push(...source.eps);
    }
    return { reading, atEnd };
  };

  const index = new Map<number, number>();
  const raw: RawState[] = [];
  const pending: number[] = [];
  const stateOf = (key: number): number => {
    let found = index.get(key);
    if (found === undefined) {
      found = raw.push({ eps: [], edges: [], accepting: false }) - 1;
      index.set(key, found);
      pending.push(key);
    }
    return found;
  };

  stateOf(plain(0, true));
  while (pending.length > 0) {
    const key = pending.pop() ?? 0;
    const state = raw[index.get(key) ?? 0];
    if (!state) continue;
    const eps = (to: number): void => void state.eps.push(stateOf(to));
    const edge = (kind: EdgeKind, ch: string, to: number): void => void state.edges.push({ kind, ch, to: stateOf(to) });
    if (key >= TRAILING_GLOBSTAR) {
      state.accepting = true;
      edge(key === TRAILING_GLOBSTAR ? 'any' : 'segment', '', key);
      continue;
    }
    if (key >= GLOBSTAR_INSIDE) {
      // inside the segments a `**/` skips: anything, until a `/` ends the last one
      const after = nodes[key - GLOBSTAR_INSIDE]?.next ?? 0;
      edge('any', '', key);
      edge('char', '/', plain(after, true));
      continue;
    }
    if (key >= GLOBSTAR) {
      const after = nodes[key - GLOBSTAR]?.next ?? 0;
      eps(plain(after, true)); // zero segments
      edge('char', '/', plain(after, true));
      edge('any', '', key - GLOBSTAR + GLOBSTAR_INSIDE);
      continue;
    }
    if (key >= LOOP) {
      edge('segment', '', key);
      eps(plain(key - LOOP, false));
      continue;
    }
    const node = Math.floor(key / 8);
    const mode = key % 8;
    const { reading, atEnd } = sourceClosure(node);
    if (mode < 2) {
      if (atEnd) state.accepting = true;
      for (const r of reading) {
        const { ch, next } = nodes[r] ?? { ch: null, next: 0 };
        if (ch === '*') eps(inStars(next, 1, mode === 1));
        else if (ch === '?') edge('segment', '', plain(next, false));
        else if (ch !== null) edge('char', ch, plain(next, ch === '/'));
      }
      continue;
    }
    const run = Math.floor((mode - 2) / 2) + 1;
    const begunAtSegmentStart = mode % 2 === 1;
    const globstar = run === 2 && begunAtSegmentStart;
    if (atEnd) eps(globstar ? TRAILING_GLOBSTAR : TRAILING_STAR);
    for (const r of reading) {
      const { ch, next } = nodes[r] ?? { ch: null, next: 0 };
      if (ch === '*') eps(inStars(next, run + 1, begunAtSegmentStart));
      else if (ch === '/' && globstar) eps(GLOBSTAR + r);
      else eps(LOOP + r);
    }
  }
  return saturate(raw);
}

/** Folds epsilon moves away: each state gets the edges and acceptance of every state its epsilons reach. */
function saturate(raw: readonly RawState[]): GlobAutomaton {
  const chars: Map<string, number[]>[] = [];
  const segment: number[][] = [];
  const any: number[][] = [];
  const accepting: boolean[] = [];
  for (let s = 0; s < raw.length; s++) {
    const byChar = new Map<string, number[]>();
    const segmentTargets = new Set<number>();
    const anyTargets = new Set<number>();
    let accepts = false;
    const seen = new Set<number>();
    const stack = [s];
    while (stack.length > 0) {
      const t = stack.pop() ?? 0;
      if (seen.has(t)) continue;
      seen.add(t);
      const state = raw[t];
      if (!state) continue;
      accepts ||= state.accepting;
      stack.push(...state.eps);
      for (const e of state.edges) {
        if (e.kind === 'any') anyTargets.add(e.to);
        else if (e.kind === 'segment') segmentTargets.add(e.to);
        else {
          const list = byChar.get(e.ch);
          if (!list) byChar.set(e.ch, [e.to]);
          else if (!list.includes(e.to)) list.push(e.to);
        }
      }
    }
    chars.push(byChar);
    segment.push([...segmentTargets]);
    any.push([...anyTargets]);
    accepting.push(accepts);
  }
  return prune({ chars, segment, any, accepting });
}

/** Drops the states only epsilons led to (most of them, once folded): fewer states, fewer pairs to visit. */
function prune(a: GlobAutomaton): GlobAutomaton {
  const renumber = new Map<number, number>([[0, 0]]);
  const order = [0];
  for (let i = 0; i < order.length; i++) {
    const s = order[i] ?? 0;
    const targets = [...(a.chars[s]?.values() ?? [])].flat().concat(a.segment[s] ?? [], a.any[s] ?? []);
    for (const t of targets) {
      if (renumber.has(t)) continue;
      renumber.set(t, order.length);
      order.push(t);
    }
  }
  const map = (targets: readonly number[]): number[] => targets.map((t) => renumber.get(t) ?? 0);
  return {
    chars: order.map((s) => new Map([...(a.chars[s] ?? new Map<string, readonly number[]>())].map(([ch, targets]) => [ch, map(targets)]))),
    segment: order.map((s) => map(a.segment[s] ?? [])),
    any: order.map((s) => map(a.any[s] ?? [])),
    accepting: order.map((s) => a.accepting[s] === true),
  };
}

/**
 * Work allowed to the glob comparisons of one request, in steps (a pair of states visited, or a state
 * advanced by one character), shared by all of them, so the request as a whole stays bounded.
 */
export interface OverlapBudget {
  remaining: number;
  /**
   * Milliseconds of comparing left, counted only while walking (not while compiling a pattern, which each
   * pattern does once): steps keep the answer reproducible, the clock keeps the time bounded where steps
   * cost more (a cold start, a loaded machine, a large heap to collect).
   */
  millisLeft?: number;
}

/** Whether the budget is spent. */
const spent = (budget: OverlapBudget | undefined): boolean => budget !== undefined && (budget.remaining <= 0 || (budget.millisLeft ?? 1) <= 0);

/** Charges the time since `began` to the budget; true when that spent it. */
function charge(budget: OverlapBudget | undefined, began: number): boolean {
  if (budget?.millisLeft === undefined) return spent(budget);
  budget.millisLeft -= performance.now() - began;
  if (budget.millisLeft <= 0) budget.remaining = 0;
  return spent(budget);
}

/** Whether the automaton accepts the string, read as UTF-16 code units; null when the budget ran out first. */
export function automatonAccepts(a: GlobAutomaton, text: string, budget?: OverlapBudget): boolean | null {
  if (spent(budget)) return null;
  const result = accepts(a, text, budget);
  return budget && budget.remaining < 0 ? null : result;
}

function accepts(a: GlobAutomaton, text: string, budget?: OverlapBudget): boolean | null {
  let current = [0];
  const mark = new Int32Array(a.accepting.length).fill(-1);
  for (let i = 0; i < text.length; i++) {
    if (budget && (budget.remaining -= current.length) < 0) return null;
    const ch = text[i] ?? '';
    const next: number[] = [];
    const visit = (targets: readonly number[] | undefined): void => {
      for (const t of targets ?? []) {
        if (mark[t] === i) continue;
        mark[t] = i;
        next.push(t);
      }
    };
    for (const s of current) {
      visit(a.chars[s]?.get(ch));
      if (ch !== '/') visit(a.segment[s]);
      visit(a.any[s]);
    }
    if (next.length === 0) return false;
    current = next;
  }
  return current.some((s) => a.accepting[s] === true);
}

const NO_CHARS: ReadonlyMap<string, readonly number[]> = new Map();
const NONE: readonly number[] = [];

/**
 * Which pairs the current walk has seen: one buffer for all walks, told apart by a stamp, because a fresh
 * array per comparison made garbage collection most of the cost of a request full of globs.
 */
let seen = new Int32Array(1 << 16);
let stamp = 0;
function freshSeen(size: number): number {
  if (seen.length < size) seen = new Int32Array(Math.max(size, seen.length * 2));
  if (++stamp === 0x7fffffff) {
    seen.fill(0);
    stamp = 1;
  }
  return stamp;
}

/**
 * Whether some string is accepted by both: reachability of a pair of accepting states, each pair visited
 * at most once, so the cost is bounded by the product of the two sizes. Null when the budget ran out first.
 */
export function automataIntersect(a: GlobAutomaton, b: GlobAutomaton, budget?: OverlapBudget): boolean | null {
  if (spent(budget)) return null;
  const began = budget?.millisLeft === undefined ? 0 : performance.now();
  const result = walk(a, b, budget, began);
  charge(budget, began);
  return result;
}

function walk(a: GlobAutomaton, b: GlobAutomaton, budget: OverlapBudget | undefined, began: number): boolean | null {
  const width = b.accepting.length;
  const mark = freshSeen(a.accepting.length * width);
  const stackA: number[] = [0];
  const stackB: number[] = [0];
  seen[0] = mark;
  const push = (sa: number, targetsB: readonly number[] | undefined): void => {
    if (targetsB === undefined) return;
    for (const sb of targetsB) {
      const key = sa * width + sb;
      if (seen[key] === mark) continue;
      seen[key] = mark;
      stackA.push(sa);
      stackB.push(sb);
    }
  };
  while (stackA.length > 0) {
    if (budget && (--budget.remaining < 0 || ((budget.remaining & 1023) === 0 && charge({ ...budget }, began)))) return null;
    const sa = stackA.pop() ?? 0;
    const sb = stackB.pop() ?? 0;
    if (a.accepting[sa] === true && b.accepting[sb] === true) return true;
    const charsA = a.chars[sa] ?? NO_CHARS;
    const charsB = b.chars[sb] ?? NO_CHARS;
    const segmentA = a.segment[sa] ?? NONE;
    const segmentB = b.segment[sb] ?? NONE;
    const anyA = a.any[sa] ?? NONE;
    const anyB = b.any[sb] ?? NONE;
    // a's exact characters against everything of b's that reads them
    for (const [ch, targetsA] of charsA) {
      const exact = charsB.get(ch);
      for (const ta of targetsA) {
        push(ta, exact);
        if (ch !== '/') push(ta, segmentB);
        push(ta, anyB);
      }
    }
    // a's wildcards against b's exact characters, then wildcard against wildcard
    for (const [ch, targetsB] of charsB) {
      if (ch !== '/') for (const ta of segmentA) push(ta, targetsB);
      for (const ta of anyA) push(ta, targetsB);
    }
    for (const ta of segmentA) {
      push(ta, segmentB);
      push(ta, anyB);
    }
    for (const ta of anyA) {
      push(ta, segmentB);
      push(ta, anyB);
    }
  }
  return false;
}
