/**
 * Size limits on every input. They bound what one request can make the server store or scan,
 * and are part of the contract: a client learns them from the validation error that names the field.
 */
export const LIMITS = {
  nameLength: 100,
  titleLength: 200,
  descriptionLength: 20_000,
  noteLength: 4_000,
  pathLength: 1_024,
  /** Segments of one path or glob: deeper than any real tree, and it bounds the matcher's work per path. */
  pathSegments: 64,
  /**
   * Glob limits. Comparing two globs costs up to the product of their sizes, and a request compares each
   * of its globs with every held lock near it, so these bound the whole request (see docs/globs.md for the
   * measured worst case). Plain paths are not globs and keep `pathLength`.
   */
  globLength: 256,
  /** `*` runs and `?` in one glob: each can pair with every state of the other pattern. */
  globWildcards: 8,
  /** Plain patterns a glob's braces stand for once expanded (`{a,b}{c,d}` is 4). */
  globAlternatives: 64,
  /** Brace groups inside one another. */
  globBraceDepth: 8,
  /**
   * Work one request may spend comparing globs (pairs of automaton states visited), over all its paths and
   * all the held locks near them, so no request holds the event loop for long (docs/globs.md: the worst
   * request the limits allow is answered in 32–36 ms on a loaded 2-core VM). Comparisons left undecided when it runs out count as overlapping (refused, skipped, reported
   * locked): too cautious under an adversarial load, never a double grant. Well above any single pair of
   * globs within the limits above (about 48k steps at worst), so one comparison alone is decided exactly
   * unless the clock below runs out first.
   */
  globStepsPerRequest: 200_000,
  /**
   * The same budget on the clock, for when steps run slow (cold code, a loaded machine, a large heap), and
   * for compiling patterns not seen before, which steps do not count.
   */
  globMillisPerRequest: 30,
  capabilityLength: 50,
  capabilities: 32,
  filesPerRequest: 200,
  dependencies: 100,
  listPageSize: 1_000,
  /** Whole request bodies above this are refused before parsing (HTTP 413). */
  requestBytes: 1_048_576,
  ttlSecondsMin: 5,
  ttlSecondsMax: 86_400,
  /** lock_files `wait_seconds`: how long a request may wait in the queue for its paths (docs/waiting-for-locks.md). */
  lockWaitSecondsMax: 300,
  /** Requests waiting for locks at once, per server and per agent: more are refused (RATE_LIMITED). */
  lockWaitersPerServer: 1_000,
  lockWaitersPerAgent: 8,
  /** Paths one agent may ask to hear about (check_files notify_when_free) at once. */
  freeInterestsPerAgent: 50,
} as const;
