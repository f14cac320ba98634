/**
 * Runs a policy holds (modules/adapter/run.service.ts): a run whose claim a `lock_paths` policy
 * escalated is recorded `waiting_approval` with the approval it waits for, and starts when a human
 * approves (`rejected` when one rejects or the approval expires). What the run needs to start later is
 * kept on the row — its time limit (the worktree is already told by `branch`) — so a held run survives
 * a server restart and any replica that hears the decision can start it.
 */
import { Migration } from '@mikro-orm/migrations';

export class M012HeldRuns extends Migration {
  override name = 'm012-held-runs';

  override up(): void {
    this.addSql(`alter table runs add column approval_id uuid, add column time_limit_seconds integer`);
    this.addSql(`alter table runs drop constraint runs_status_check`);
    this.addSql(`alter table runs add constraint runs_status_check check (status in ('waiting_approval', 'starting', 'running', 'succeeded', 'failed', 'cancelled', 'rejected', 'lost'))`);
    this.addSql(`create index runs_waiting on runs (approval_id) where status = 'waiting_approval'`);
  }
}
