/**
 * The notification inbox and messages (issue #15; entities in modules/inbox/inbox.entity.ts). A
 * notification belongs to its recipient (deleted with the agent) and is read or unread; the per-agent
 * bound and the retention prune walk `notifications_recipient` and `notifications_created`. A message's
 * thread is the id of the thread's first message; its recipients are listed, so a reply reaches everyone
 * who took part. `created_at` is the statement's clock, not the transaction's, so notifications made in
 * one transaction keep their order.
 */
import { Migration } from '@mikro-orm/migrations';

export class M011Inbox extends Migration {
  override name = 'm011-inbox';

  override up(): void {
    this.addSql(`
      create table notifications (
        id uuid primary key,
        project text not null,
        recipient_id uuid not null references agents(id) on delete cascade,
        kind text not null,
        summary text not null,
        sender_id uuid,
        sender_name text,
        thread_id uuid,
        body text,
        details jsonb not null,
        created_at timestamptz not null default clock_timestamp(),
        read_at timestamptz
      )`);
    this.addSql(`create index notifications_recipient on notifications (recipient_id, created_at)`);
    this.addSql(`create index notifications_unread on notifications (recipient_id) where read_at is null`);
    this.addSql(`create index notifications_created on notifications (created_at)`);
    this.addSql(`
      create table messages (
        id uuid primary key,
        project text not null,
        thread_id uuid not null,
        sender_id uuid not null,
        sender_name text not null,
        recipient_ids uuid[] not null,
        task_id uuid,
        mission_id uuid,
        body text not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index messages_thread on messages (thread_id)`);
    this.addSql(`create index messages_created on messages (created_at)`);
  }
}
