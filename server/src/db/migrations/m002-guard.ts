/**
 * The guard (modules/guard): what makes locks hold at the edit and at the commit.
 * - `lock_history`: every lock that ended (released, expired and swept, its task finished, its agent went
 *   offline), filled by a trigger so every way a lease ends is caught without each path remembering to;
 *   it lets a stale fencing token be answered with "your lease expired at …". Kept a day per path.
 * - `file_bases`: per agent and path, the content hash the agent last saw. Outlives the lock on purpose:
 *   staleness matters exactly when a lease lapsed and someone else wrote meanwhile.
 * - `file_writes`: per path, the last write the coordinator was told about (hook reports).
 * - `repository_identity`: the root commit of the repository this coordinator serves.
 */
import { Migration } from '@mikro-orm/migrations';

export class M002Guard extends Migration {
  override name = 'm002-guard';

  override up(): void {
    this.addSql(`
      create table lock_history (
        fencing_token bigint primary key,
        lock_id uuid not null,
        path text not null,
        mode text not null,
        agent_id uuid not null,
        task_id uuid,
        acquired_at timestamptz not null,
        expires_at timestamptz not null,
        ended_at timestamptz not null
      )`);
    this.addSql(`create index lock_history_path on lock_history (path, ended_at)`);
    this.addSql(`
      create function file_locks_record_end() returns trigger language plpgsql as $$
      begin
        insert into lock_history (fencing_token, lock_id, path, mode, agent_id, task_id, acquired_at, expires_at, ended_at)
        values (old.fencing_token, old.id, old.path, old.mode, old.agent_id, old.task_id, old.acquired_at, old.expires_at,
                least(clock_timestamp(), old.expires_at))
        on conflict (fencing_token) do nothing;
        delete from lock_history where path = old.path and ended_at < now() - interval '1 day';
        return old;
      end $$`);
    this.addSql(`create trigger file_locks_record_end after delete on file_locks for each row execute function file_locks_record_end()`);
    this.addSql(`
      create table file_bases (
        agent_id uuid not null references agents(id) on delete cascade,
        path text not null,
        content_hash text,
        recorded_at timestamptz not null default now(),
        primary key (agent_id, path)
      )`);
    this.addSql(`
      create table file_writes (
        path text primary key,
        agent_id uuid references agents(id) on delete set null,
        content_hash text,
        fencing_token bigint,
        written_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table repository_identity (
        singleton boolean primary key default true check (singleton),
        root_commit text not null,
        recorded_at timestamptz not null default now()
      )`);
  }
}
