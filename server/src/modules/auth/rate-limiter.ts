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
import { int } from '../../db/row-values.ts';

/** Counts one attempt: starts a new window when the stored one has ended, else adds one. Returns the window's count and the seconds left in it. */
const COUNT_ATTEMPT = `
  insert into rate_limit_windows as w (scope, key, window_start, count) values ($1, $2, now(), 1)
  on conflict (scope, key) do update set
    count = case when w.window_start > now() - make_interval(secs => $3) then w.count + 1 else 1 end,
    window_start = case when w.window_start > now() - make_interval(secs => $3) then w.window_start else now() end
  returning count, ceil(extract(epoch from w.window_start + make_interval(secs => $3) - now())) as seconds_left`;

/** Deletes the windows that ended long ago (every limiter's window is far shorter than an hour); returns how many. */
export async function pruneEndedWindows(sql: Sql): Promise<number> {
  const rows = await sql.query(`delete from rate_limit_windows where window_start < now() - interval '1 hour' returning 1`);
  return rows.length;
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
    const [row] = await sql.query(COUNT_ATTEMPT, [this.#scope, key, this.#windowSeconds]);
    if (int(row?.['count'] ?? 0) <= this.#limit) return;
    const wait = Math.max(1, int(row?.['seconds_left'] ?? this.#windowSeconds));
    throw new CoordinatorError('RATE_LIMITED', `${operation}: too many attempts — wait ${wait} s and try again`);
  }
}
