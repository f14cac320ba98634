/**
 * The planning model (missions with their principals, sprints, objectives → key results → requirements
 * ↔ tasks), API-declared policies, the approvals queue and the policy audit trail.
 */
import { Migration } from '@mikro-orm/migrations';

export class M003PlanningPolicies extends Migration {
  override name = 'm003-planning-policies';

  override up(): void {
    this.addSql(`
      create table missions (
        id uuid primary key,
        name text not null unique,
        description text not null default '',
        status text not null default 'active',
        owner_id uuid references agents(id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table mission_principals (
        mission_id uuid not null references missions(id) on delete cascade,
        agent_id uuid not null references agents(id) on delete cascade,
        primary key (mission_id, agent_id)
      )`);
    this.addSql(`create index mission_principals_agent on mission_principals (agent_id)`);
    // Tasks created before missions existed may name one: keep the link with a placeholder mission.
    this.addSql(`
      insert into missions (id, name)
      select distinct mission_id, 'mission ' || mission_id::text from tasks where mission_id is not null`);
    this.addSql(`alter table tasks add constraint tasks_mission_fk foreign key (mission_id) references missions(id) on delete set null`);
    this.addSql(`create index tasks_mission on tasks (mission_id, status) where mission_id is not null`);

    this.addSql(`
      create table sprints (
        id uuid primary key,
        name text not null unique,
        goal text not null default '',
        status text not null default 'planned',
        starts_at timestamptz,
        ends_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`alter table tasks add column sprint_id uuid references sprints(id) on delete set null`);
    this.addSql(`create index tasks_sprint on tasks (sprint_id, status) where sprint_id is not null`);

    this.addSql(`create sequence objective_key_seq`);
    this.addSql(`
      create table objectives (
        id uuid primary key,
        key_number bigint not null unique default nextval('objective_key_seq'),
        mission_id uuid references missions(id) on delete set null,
        title text not null,
        description text not null default '',
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create sequence key_result_key_seq`);
    this.addSql(`
      create table key_results (
        id uuid primary key,
        key_number bigint not null unique default nextval('key_result_key_seq'),
        objective_id uuid not null references objectives(id) on delete cascade,
        title text not null,
        target double precision not null,
        current double precision not null default 0,
        unit text not null default '',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`create index key_results_objective on key_results (objective_id)`);
    this.addSql(`create sequence requirement_key_seq`);
    this.addSql(`
      create table requirements (
        id uuid primary key,
        key_number bigint not null unique default nextval('requirement_key_seq'),
        key_result_id uuid not null references key_results(id) on delete cascade,
        title text not null,
        description text not null default '',
        created_at timestamptz not null default now()
      )`);
    this.addSql(`create index requirements_key_result on requirements (key_result_id)`);
    this.addSql(`
      create table requirement_tasks (
        requirement_id uuid not null references requirements(id) on delete cascade,
        task_id uuid not null references tasks(id) on delete cascade,
        created_at timestamptz not null default now(),
        primary key (requirement_id, task_id)
      )`);
    this.addSql(`create index requirement_tasks_task on requirement_tasks (task_id)`);

    // Policies declared through the API; the policy file is read from disk and never stored.
    this.addSql(`
      create table policies (
        name text primary key,
        definition jsonb not null,
        declared_by_id uuid references agents(id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table approvals (
        id uuid primary key,
        status text not null default 'pending',
        operation text not null,
        request jsonb not null,
        policy text not null,
        message text not null,
        summary text not null,
        requester_id uuid references agents(id) on delete set null,
        task_id uuid references tasks(id) on delete set null,
        paths text[] not null default '{}',
        to_status text,
        decided_by_id uuid references agents(id) on delete set null,
        decision_note text,
        result_note text,
        created_at timestamptz not null default now(),
        decided_at timestamptz
      )`);
    this.addSql(`create index approvals_pending on approvals (created_at) where status = 'pending'`);
    this.addSql(`create index approvals_requester on approvals (requester_id, status)`);
    this.addSql(`
      create table policy_audit (
        id bigserial primary key,
        at timestamptz not null default now(),
        operation text not null,
        agent_id uuid references agents(id) on delete set null,
        agent_name text,
        task_id uuid references tasks(id) on delete set null,
        task_key text,
        paths text[] not null default '{}',
        from_status text,
        to_status text,
        policy text not null,
        outcome text not null,
        message text not null,
        approval_id uuid references approvals(id) on delete set null
      )`);
    this.addSql(`create index policy_audit_policy on policy_audit (policy, id)`);
    this.addSql(`create index policy_audit_agent on policy_audit (agent_id, id)`);
  }
}
