/**
 * Who asked to hear when a locked path is free (check_files notify_when_free, free-interests.ts). One
 * row per project, agent and path; the replica whose transaction deletes a row emits its lock.free, so
 * several replicas settling the same release tell the agent once.
 */
import { Migration } from '@mikro-orm/migrations';

export class M010LockFreeInterests extends Migration {
  override name = 'm010-lock-free-interests';

  override up(): void {
    this.addSql(`
      create table lock_free_interests (
        project text not null,
        agent_id uuid not null references agents (id) on delete cascade,
        path text not null,
        created_at timestamptz not null default now(),
        primary key (project, agent_id, path)
      )`);
  }
}
