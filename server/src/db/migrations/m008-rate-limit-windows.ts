/**
 * Rate-limit counters in the database (rate-limiter.ts), so the replicas behind one load balancer share
 * them. One row per scope (what is limited: logins per address, per account, …) and key (the address,
 * name or caller), holding the current window's start and count; the sweeper deletes windows that
 * ended long ago (by the index on their start).
 */
import { Migration } from '@mikro-orm/migrations';

export class M008RateLimitWindows extends Migration {
  override name = 'm008-rate-limit-windows';

  override up(): void {
    this.addSql(`
      create table rate_limit_windows (
        scope text not null,
        key text not null,
        window_start timestamptz not null,
        count integer not null,
        primary key (scope, key)
      )`);
    this.addSql(`create index rate_limit_windows_start on rate_limit_windows (window_start)`);
  }
}
