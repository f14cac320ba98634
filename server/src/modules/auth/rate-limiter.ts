/**
 * A fixed-window counter per key (client address, account name, caller), for login and token endpoints.
 * The counters live in the database (one statement per attempt, on the database clock), so several
 * replicas behind one load balancer share them: ten attempts are ten, whichever replicas they reached.
 * Only these rare calls are counted — a failed token, a login, a token issued — never an ordinary request.
 * The sweeper deletes windows that ended an hour ago (`pruneEndedWindows`), so the table stays small:
 * a separate statement, because an attempt that also deleted other keys' rows could deadlock with
 * another attempt doing the same the other way round.
 */
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { RateLimitRepository } from './rate-limit.repository.ts';

/** Where the windows are counted (rate-limit.repository.ts). */
export type RateLimitWindows = Pick<RateLimitRepository, 'countAttempt' | 'pruneEnded'>;

const WINDOWS: RateLimitWindows = new RateLimitRepository();

/** Deletes the windows that ended long ago (every limiter's window is far shorter than an hour); returns how many. */
export async function pruneEndedWindows(sql: Sql): Promise<number> {
  return WINDOWS.pruneEnded(sql);
}

export class RateLimiter {
  readonly #scope: string;
  readonly #limit: number;
  readonly #windowSeconds: number;

  /** `scope` names what is limited (e.g. `login/address`); at most `limit` attempts per key per window. */
  constructor(scope: string, limit: number, windowSeconds: number) {
    this.#scope = scope;
    this.#limit = limit;
    this.#windowSeconds = windowSeconds;
  }

  /** Counts one attempt for `key`; RATE_LIMITED once the window's limit is passed. */
  async take(sql: Sql, operation: string, key: string): Promise<void> {
    const window = await WINDOWS.countAttempt(sql, this.#scope, key, this.#windowSeconds);
    if (window.count <= this.#limit) return;
    const wait = Math.max(1, window.secondsLeft);
    throw new CoordinatorError('RATE_LIMITED', `${operation}: too many attempts — wait ${wait} s and try again`);
  }
}
