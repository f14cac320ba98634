/**
 * The rate limiter's fixed windows (rate-limiter.ts), one row per scope and key, on the database clock.
 * Typed from the `RateLimitWindow` entity (account.entity.ts).
 */
import { sql as raw } from 'kysely';
import type { Sql } from '../../db/database.ts';

export interface WindowCount {
  /** Attempts counted in the current window, this one included. */
  readonly count: number;
  /** Whole seconds until the window ends. */
  readonly secondsLeft: number;
}

export class RateLimitRepository {
  /** Counts one attempt: starts a new window when the stored one has ended, else adds one; one statement. */
  async countAttempt(sql: Sql, scope: string, key: string, windowSeconds: number): Promise<WindowCount> {
    // `rate_limit_windows.…` in the update and `returning` is the stored row (Kysely's insert takes no alias).
    const windowOpen = raw<boolean>`rate_limit_windows.window_start > now() - make_interval(secs => ${windowSeconds})`;
    const row = await sql.db
      .insertInto('rate_limit_windows')
      .values({ scope, key, window_start: raw<string>`now()`, count: 1 })
      .onConflict((conflict) =>
        conflict.columns(['scope', 'key']).doUpdateSet({
          count: raw<number>`case when ${windowOpen} then rate_limit_windows.count + 1 else 1 end`,
          window_start: raw<string>`case when ${windowOpen} then rate_limit_windows.window_start else now() end`,
        }),
      )
      // A computed column, not read through a column type: made an int here (numeric, a string on node-pg, otherwise).
      .returning(['count', raw<number>`ceil(extract(epoch from rate_limit_windows.window_start + make_interval(secs => ${windowSeconds}) - now()))::int`.as('seconds_left')])
      .executeTakeFirstOrThrow();
    return { count: row.count, secondsLeft: row.seconds_left };
  }

  /** Deletes the windows that ended over an hour ago; returns how many. */
  async pruneEnded(sql: Sql): Promise<number> {
    const rows = await sql.db
      .deleteFrom('rate_limit_windows')
      .where('window_start', '<', raw<string>`now() - interval '1 hour'`)
      .returning(raw<number>`1`.as('one'))
      .execute();
    return rows.length;
  }
}
