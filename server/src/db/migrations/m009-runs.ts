/**
 * Runs (modules/adapter/run.service.ts): one row per launched agent — which adapter ran which task as
 * which agent, in which workspace, with which process, and how it ended. `pid` and `server_id` tell a
 * restarted server which runs it can no longer watch (they become `lost`).
 */
import { Migration } from '@mikro-orm/migrations';

export class M009Runs extends Migration {
  override name = 'm009-runs';

  override up(): void {
    this.addSql(`
      create table runs (
        id uuid primary key,
        project text not null,
        adapter text not null,
        task_id uuid not null references tasks(id) on delete cascade,
        task_key text not null,
        agent_id uuid not null references agents(id) on delete cascade,
        agent_name text not null,
        status text not null check (status in ('starting', 'running', 'succeeded', 'failed', 'cancelled', 'lost')),
        pid integer,
        server_id text not null,
        workspace text not null,
        branch text,
        log_file text not null,
        reason text,
        started_at timestamptz not null default now(),
        ended_at timestamptz
      )`);
    this.addSql(`create index runs_live on runs (status) where status in ('starting', 'running')`);
    this.addSql(`create index runs_project_started on runs (project, started_at desc)`);
  }
}
