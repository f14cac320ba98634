/**
 * Pending approvals expire: each approval carries `expires_at` (created_at plus the server's approval
 * TTL, written when it is queued), and the sweeper expires pending ones past it. Approvals pending
 * before this migration get at least a day from now rather than from when they were asked, so an upgrade
 * does not expire a queue a human is working through without warning — a whole number of days after
 * they were asked, so their note reads "expired unanswered after 9 days". Decided ones get created_at
 * plus a day, which no one reads (only a pending approval expires).
 */
import { Migration } from '@mikro-orm/migrations';

export class M007ApprovalExpiry extends Migration {
  override name = 'm007-approval-expiry';

  override up(): void {
    this.addSql(`alter table approvals add column expires_at timestamptz`);
    this.addSql(`
      update approvals set expires_at = created_at + make_interval(days => case
        when status = 'pending' then ceil(extract(epoch from now() - created_at) / 86400)::int + 1
        else 1 end)`);
    this.addSql(`alter table approvals alter column expires_at set not null`);
    // The sweeper's question, across every project: which pending approvals are past their expiry.
    this.addSql(`create index approvals_pending_expiry on approvals (expires_at) where status = 'pending'`);
  }
}
