/**
 * Accounts, credentials and projects. Every agent, task, lock, mission, plan item, policy, approval,
 * knowledge entry and event now belongs to a project; rows that existed before go to the project
 * `local`, the one project of single-user local mode. The backfill default is dropped afterwards, so an
 * insert that forgets its project fails instead of landing in the wrong one. Events may have no project
 * (server-wide notices such as a rejected policy file), and then every subscriber sees them.
 */
import { Migration } from '@mikro-orm/migrations';

const SCOPED_TABLES = [
  'tasks',
  'file_locks',
  'lock_history',
  'file_writes',
  'missions',
  'sprints',
  'objectives',
  'key_results',
  'requirements',
  'policies',
  'approvals',
  'policy_audit',
  'knowledge_entries',
] as const;

export class M006AccountsProjects extends Migration {
  override name = 'm006-accounts-projects';

  override up(): void {
    this.addSql(`
      create table projects (
        name text primary key,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`insert into projects (name) values ('local')`);
    this.addSql(`
      create table accounts (
        id uuid primary key,
        name text not null unique,
        role text not null check (role in ('admin', 'member')),
        password_hash text not null,
        created_at timestamptz not null default now(),
        disabled_at timestamptz
      )`);
    this.addSql(`
      create table project_members (
        project text not null references projects(name) on delete cascade,
        account_id uuid not null references accounts(id) on delete cascade,
        primary key (project, account_id)
      )`);
    this.addSql(`create index project_members_account on project_members (account_id)`);

    this.addSql(`alter table agents rename column principal to project`);
    this.addSql(`alter table agents add column owner_account_id uuid references accounts(id) on delete set null`);
    // Session tokens (humans) and API tokens (agents): only a hash of the secret is kept.
    this.addSql(`
      create table credentials (
        id uuid primary key,
        kind text not null check (kind in ('session', 'agent')),
        secret_hash bytea not null,
        account_id uuid references accounts(id) on delete cascade,
        agent_id uuid references agents(id) on delete cascade,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        check ((kind = 'session') = (account_id is not null)),
        check ((kind = 'agent') = (agent_id is not null))
      )`);
    this.addSql(`create index credentials_agent on credentials (agent_id) where revoked_at is null`);

    for (const table of SCOPED_TABLES) {
      this.addSql(`alter table ${table} add column project text not null default 'local'`);
      this.addSql(`alter table ${table} alter column project drop default`);
    }
    this.addSql(`alter table events add column project text`);
    this.addSql(`update events set project = 'local' where payload->>'type' <> 'policy.file_rejected'`);

    // Names that were unique server-wide are unique within a project now.
    this.addSql(`alter table missions drop constraint missions_name_key, add constraint missions_project_name_key unique (project, name)`);
    this.addSql(`alter table sprints drop constraint sprints_name_key, add constraint sprints_project_name_key unique (project, name)`);
    this.addSql(`alter table policies drop constraint policies_pkey, add primary key (project, name)`);
    this.addSql(`alter table file_writes drop constraint file_writes_pkey, add primary key (project, path)`);
    this.addSql(`alter table repository_identity drop constraint repository_identity_pkey`);
    this.addSql(`alter table repository_identity drop column singleton`);
    this.addSql(`alter table repository_identity add column project text not null default 'local'`);
    this.addSql(`alter table repository_identity alter column project drop default`);
    this.addSql(`alter table repository_identity add primary key (project)`);

    // The claim queue and lock lookups walk one project at a time.
    this.addSql(`drop index tasks_open_queue`);
    this.addSql(`create index tasks_open_queue on tasks (project, priority_rank desc, created_at, key_number) where status = 'open'`);
    this.addSql(`create index file_locks_project_path on file_locks (project, path)`);
    this.addSql(`drop index lock_history_path`);
    this.addSql(`create index lock_history_path on lock_history (project, path, ended_at)`);
    this.addSql(`
      create or replace function file_locks_record_end() returns trigger language plpgsql as $$
      begin
        insert into lock_history (fencing_token, lock_id, project, path, mode, agent_id, task_id, acquired_at, expires_at, ended_at)
        values (old.fencing_token, old.id, old.project, old.path, old.mode, old.agent_id, old.task_id, old.acquired_at, old.expires_at,
                least(clock_timestamp(), old.expires_at))
        on conflict (fencing_token) do nothing;
        delete from lock_history where project = old.project and path = old.path and ended_at < now() - interval '1 day';
        return old;
      end $$`);

    // Stored escalations named the caller's principal; that is its project now.
    this.addSql(`update approvals set request = (request - 'principal') || jsonb_build_object('project', request->'principal') where request ? 'principal'`);

    // --- Planning, policies, approvals and knowledge scoping ---
    // The per-project reads those modules make most: a project's approvals queue, its audit trail (newest
    // first) and its knowledge list (newest first). Re-embedding jobs stay server-wide (no project).
    this.addSql(`create index approvals_project_pending on approvals (project, created_at) where status = 'pending'`);
    this.addSql(`create index policy_audit_project on policy_audit (project, id)`);
    this.addSql(`create index knowledge_entries_project on knowledge_entries (project, key_number)`);
  }
}
