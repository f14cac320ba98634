/**
 * The event outbox's publisher state, for replicas on NATS: how far the numbered event log has been
 * published to JetStream, and which replica holds the publisher lease. One row, apart from
 * `event_cursor`, so publishing never contends with numbering for the cursor row's lock.
 */
import { Migration } from '@mikro-orm/migrations';

export class M004EventOutbox extends Migration {
  override name = 'm004-event-outbox';

  override up(): void {
    this.addSql(`
      create table event_outbox (
        singleton boolean primary key default true check (singleton),
        published_seq bigint not null,
        leader text,
        lease_expires_at timestamptz
      )`);
    // Events numbered before this migration were delivered in-process; there is nothing to publish for them.
    this.addSql(`insert into event_outbox (published_seq) select last_seq from event_cursor`);
  }
}
