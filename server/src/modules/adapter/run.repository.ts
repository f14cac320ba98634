/**
 * The runs table: SQL for runs lives here only, typed from the `Run` entity (run.entity.ts) through the
 * ORM's Kysely.
 */
import { sql as raw } from 'kysely';
import type { Run, RunStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';

/** The columns of a `Run` as the domain sees it, in the order of the shared schema. */
const RUN_COLUMNS = [
  'id',
  'adapter',
  'task_id',
  'task_key',
  'agent_id',
  'agent_name',
  'status',
  'pid',
  'workspace',
  'branch',
  'log_file',
  'reason',
  'approval_id',
  'started_at',
  'ended_at',
] as const;

const selectRuns = (sql: Sql) => sql.db.selectFrom('runs').select(RUN_COLUMNS);

type RunRow = Awaited<ReturnType<ReturnType<typeof selectRuns>['executeTakeFirstOrThrow']>>;

export const runFromRow = (row: RunRow): Run => ({
  id: row.id,
  adapter: row.adapter,
  task_id: row.task_id,
  task_key: row.task_key,
  agent_id: row.agent_id,
  agent_name: row.agent_name,
  status: row.status,
  pid: row.pid,
  workspace: row.workspace,
  branch: row.branch,
  log_file: row.log_file,
  reason: row.reason,
  approval_id: row.approval_id,
  started_at: row.started_at,
  ended_at: row.ended_at,
});

const now = raw<string>`now()`;

export interface NewRun {
  readonly id: string;
  readonly project: string;
  readonly adapter: string;
  readonly taskId: string;
  readonly taskKey: string;
  readonly agentId: string;
  readonly agentName: string;
  readonly serverId: string;
  readonly workspace: string;
  readonly branch: string | null;
  readonly logFile: string;
  /** Set for a run a policy holds: recorded `waiting_approval` instead of `starting`. */
  readonly approvalId?: string;
  readonly timeLimitSeconds?: number;
}

/** A held run taken off the wait by a decision, with what it needs to start. */
export interface HeldRun {
  readonly run: Run;
  readonly project: string;
  readonly timeLimitSeconds: number | null;
}

export interface RunFilter {
  readonly task?: string;
  readonly status?: RunStatus;
  readonly limit: number;
}

export interface LiveRun {
  readonly run: Run;
  readonly project: string;
  readonly serverId: string;
}

export class RunRepository {
  async insert(sql: Sql, run: NewRun): Promise<Run> {
    const row = await sql.db
      .insertInto('runs')
      .values({
        id: run.id,
        project: run.project,
        adapter: run.adapter,
        task_id: run.taskId,
        task_key: run.taskKey,
        agent_id: run.agentId,
        agent_name: run.agentName,
        status: run.approvalId ? 'waiting_approval' : 'starting',
        server_id: run.serverId,
        workspace: run.workspace,
        branch: run.branch,
        log_file: run.logFile,
        approval_id: run.approvalId ?? null,
        time_limit_seconds: run.timeLimitSeconds ?? null,
      })
      .returning(RUN_COLUMNS)
      .executeTakeFirst();
    if (!row) throw new Error(`run ${run.id} was not inserted`);
    return runFromRow(row);
  }

  async markRunning(sql: Sql, id: string, pid: number | null): Promise<Run> {
    const row = await sql.db.updateTable('runs').set({ status: 'running', pid }).where('id', '=', id).returning(RUN_COLUMNS).executeTakeFirst();
    if (!row) throw new Error(`run ${id} vanished`);
    return runFromRow(row);
  }

  async finish(sql: Sql, id: string, status: RunStatus, reason: string | null): Promise<Run> {
    const row = await sql.db.updateTable('runs').set({ status, reason, ended_at: now }).where('id', '=', id).returning(RUN_COLUMNS).executeTakeFirst();
    if (!row) throw new Error(`run ${id} vanished`);
    return runFromRow(row);
  }

  async get(sql: Sql, project: string, id: string): Promise<Run | null> {
    // `id::text` so a ref that is no uuid finds nothing rather than failing the cast.
    const row = await selectRuns(sql).where('project', '=', project).where(raw`id::text`, '=', id).executeTakeFirst();
    return row ? runFromRow(row) : null;
  }

  /** `task` is a task id or key. */
  async list(sql: Sql, project: string, filter: RunFilter): Promise<Run[]> {
    let query = selectRuns(sql).where('project', '=', project);
    const task = filter.task;
    if (task !== undefined) query = query.where((eb) => eb.or([eb(raw`task_id::text`, '=', task), eb('task_key', '=', task)]));
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('started_at', 'desc').limit(filter.limit).execute();
    return rows.map(runFromRow);
  }

  /**
   * Takes the runs held for `approvalId` off the wait: `starting` (this server now watches them) or ended
   * with `status` and `reason`. A run is taken once, whichever replica asks first.
   */
  async takeHeld(sql: Sql, approvalId: string, next: { readonly status: 'starting'; readonly serverId: string } | { readonly status: RunStatus; readonly reason: string }): Promise<HeldRun[]> {
    const update = sql.db.updateTable('runs');
    const changed =
      next.status === 'starting' && 'serverId' in next
        ? update.set({ status: 'starting', server_id: next.serverId })
        : update.set({ status: next.status, reason: 'reason' in next ? next.reason : null, ended_at: now });
    const rows = await changed
      .where('approval_id', '=', approvalId)
      .where('status', '=', 'waiting_approval')
      .returning([...RUN_COLUMNS, 'project', 'time_limit_seconds'])
      .execute();
    return rows.map((row) => ({ run: runFromRow(row), project: row.project, timeLimitSeconds: row.time_limit_seconds }));
  }

  /** Ends one held run (cancelled before its approval was decided); null when it is no longer held. */
  async endHeld(sql: Sql, id: string, status: RunStatus, reason: string): Promise<Run | null> {
    const row = await sql.db
      .updateTable('runs')
      .set({ status, reason, ended_at: now })
      .where('id', '=', id)
      .where('status', '=', 'waiting_approval')
      .returning(RUN_COLUMNS)
      .executeTakeFirst();
    return row ? runFromRow(row) : null;
  }

  /** Runs held for `approvalId` that were cancelled before it was decided. */
  async cancelledWhileHeld(sql: Sql, approvalId: string): Promise<{ run: Run; project: string }[]> {
    const rows = await selectRuns(sql).select('project').where('approval_id', '=', approvalId).where('status', '=', 'cancelled').execute();
    return rows.map((row) => ({ run: runFromRow(row), project: row.project }));
  }

  /** The approvals held runs wait for, for a start-up sweep of decisions made while no server listened. */
  async heldApprovals(sql: Sql): Promise<{ approvalId: string; project: string }[]> {
    const rows = await sql.db.selectFrom('runs').select(['approval_id', 'project']).distinct().where('status', '=', 'waiting_approval').execute();
    return rows.flatMap((row) => (row.approval_id === null ? [] : [{ approvalId: row.approval_id, project: row.project }]));
  }

  /** Runs still marked live, locked so two recovering replicas do not both release a task. */
  async liveForUpdate(sql: Sql): Promise<LiveRun[]> {
    const rows = await selectRuns(sql).select(['project', 'server_id']).where('status', 'in', ['starting', 'running']).forUpdate().skipLocked().execute();
    return rows.map((row) => ({ run: runFromRow(row), project: row.project, serverId: row.server_id }));
  }
}
