/** The coordinator core: agents, tasks and their dependencies, file locks, the event log. */
import { Migration } from '@mikro-orm/migrations';

export class M001Core extends Migration {
  override name = 'm001-core';

  override up(): void {
    this.addSql(`
      create table agents (
        id uuid primary key,
        principal text not null,
        name text not null,
        kind text not null,
        capabilities text[] not null default '{}',
        last_heartbeat_at timestamptz not null default now(),
        offline_at timestamptz,
        created_at timestamptz not null default now(),
        unique (principal, name)
      )`);
    this.addSql(`create sequence task_key_seq`);
    this.addSql(`
      create table tasks (
        id uuid primary key,
        key_number bigint not null unique default nextval('task_key_seq'),
        title text not null,
        description text not null default '',
        priority text not null,
        priority_rank smallint not null,
        status text not null default 'open',
        capabilities text[] not null default '{}',
        files text[] not null default '{}',
        mission_id uuid,
        assignee_id uuid references agents(id) on delete set null,
        claimed_by_id uuid references agents(id) on delete set null,
        claimed_at timestamptz,
        progress_note text,
        summary text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    // The claim order, over open tasks only: the index the claim query walks.
    this.addSql(`create index tasks_open_queue on tasks (priority_rank desc, created_at, key_number) where status = 'open'`);
    this.addSql(`create index tasks_inbox on tasks (assignee_id) where status = 'open' and assignee_id is not null`);
    this.addSql(`create index tasks_claimed_by on tasks (claimed_by_id) where status in ('claimed', 'in_progress')`);
    this.addSql(`create index tasks_status on tasks (status)`);
    this.addSql(`
      create table task_dependencies (
        task_id uuid not null references tasks(id) on delete cascade,
        depends_on_id uuid not null references tasks(id) on delete cascade,
        primary key (task_id, depends_on_id)
      )`);
    this.addSql(`create sequence lock_fencing_seq`);
    this.addSql(`
      create table file_locks (
        id uuid primary key,
        path text not null,
        mode text not null,
        agent_id uuid not null references agents(id) on delete cascade,
        task_id uuid references tasks(id) on delete set null,
        reason text,
        ttl_seconds integer not null,
        fencing_token bigint not null default nextval('lock_fencing_seq'),
        acquired_at timestamptz not null default now(),
        expires_at timestamptz not null
      )`);
    this.addSql(`create index file_locks_agent on file_locks (agent_id)`);
    this.addSql(`create index file_locks_task on file_locks (task_id)`);
    this.addSql(`create index file_locks_expires on file_locks (expires_at)`);
    // Events are appended inside the transaction of the change (seq null), then numbered in commit order
    // by the event sequencer: seq is what subscribers see and resume from.
    this.addSql(`
      create table events (
        id bigserial primary key,
        seq bigint unique,
        type text not null,
        payload jsonb not null,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index events_unsequenced on events (id) where seq is null`);
    this.addSql(`create table event_cursor (singleton boolean primary key default true check (singleton), last_seq bigint not null)`);
    this.addSql(`insert into event_cursor (last_seq) values (0)`);
  }
}
