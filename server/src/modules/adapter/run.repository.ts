/** The runs table: SQL for runs lives here only. */
import type { Run, RunStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { int, isoTime, isoTimeOrNull, text, textOrNull } from '../../db/row-values.ts';

const COLUMNS = 'id, adapter, task_id, task_key, agent_id, agent_name, status, pid, workspace, branch, log_file, reason, approval_id, started_at, ended_at';

export const runFromRow = (row: Row): Run => ({
  id: text(row['id']),
  adapter: text(row['adapter']),
  task_id: text(row['task_id']),
  task_key: text(row['task_key']),
  agent_id: text(row['agent_id']),
  agent_name: text(row['agent_name']),
  status: text(row['status']) as RunStatus,
  pid: row['pid'] === null || row['pid'] === undefined ? null : int(row['pid']),
  workspace: text(row['workspace']),
  branch: textOrNull(row['branch']),
  log_file: text(row['log_file']),
  reason: textOrNull(row['reason']),
  approval_id: textOrNull(row['approval_id']),
  started_at: isoTime(row['started_at']),
  ended_at: isoTimeOrNull(row['ended_at']),
});

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
    const [row] = await sql.query(
      `insert into runs (id, project, adapter, task_id, task_key, agent_id, agent_name, status, server_id, workspace, branch, log_file, approval_id, time_limit_seconds)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning ${COLUMNS}`,
      [run.id, run.project, run.adapter, run.taskId, run.taskKey, run.agentId, run.agentName, run.approvalId ? 'waiting_approval' : 'starting', run.serverId, run.workspace, run.branch, run.logFile, run.approvalId ?? null, run.timeLimitSeconds ?? null],
    );
    if (!row) throw new Error(`run ${run.id} was not inserted`);
    return runFromRow(row);
  }

  async markRunning(sql: Sql, id: string, pid: number | null): Promise<Run> {
    const [row] = await sql.query(`update runs set status = 'running', pid = $2 where id = $1 returning ${COLUMNS}`, [id, pid]);
    if (!row) throw new Error(`run ${id} vanished`);
    return runFromRow(row);
  }

  async finish(sql: Sql, id: string, status: RunStatus, reason: string | null): Promise<Run> {
    const [row] = await sql.query(`update runs set status = $2, reason = $3, ended_at = now() where id = $1 returning ${COLUMNS}`, [id, status, reason]);
    if (!row) throw new Error(`run ${id} vanished`);
    return runFromRow(row);
  }

  async get(sql: Sql, project: string, id: string): Promise<Run | null> {
    const [row] = await sql.query(`select ${COLUMNS} from runs where project = $1 and id::text = $2`, [project, id]);
    return row ? runFromRow(row) : null;
  }

  /** `task` is a task id or key. */
  async list(sql: Sql, project: string, filter: RunFilter): Promise<Run[]> {
    const rows = await sql.query(
      `select ${COLUMNS} from runs where project = $1 and ($2::text is null or task_id::text = $2 or task_key = $2) and ($3::text is null or status = $3)
       order by started_at desc limit $4`,
      [project, filter.task ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map(runFromRow);
  }

  /**
   * Takes the runs held for `approvalId` off the wait: `starting` (this server now watches them) or ended
   * with `status` and `reason`. A run is taken once, whichever replica asks first.
   */
  async takeHeld(sql: Sql, approvalId: string, next: { readonly status: 'starting'; readonly serverId: string } | { readonly status: RunStatus; readonly reason: string }): Promise<HeldRun[]> {
    const rows =
      next.status === 'starting' && 'serverId' in next
        ? await sql.query(`update runs set status = 'starting', server_id = $2 where approval_id = $1 and status = 'waiting_approval' returning ${COLUMNS}, project, time_limit_seconds`, [approvalId, next.serverId])
        : await sql.query(`update runs set status = $2, reason = $3, ended_at = now() where approval_id = $1 and status = 'waiting_approval' returning ${COLUMNS}, project, time_limit_seconds`, [
            approvalId,
            next.status,
            'reason' in next ? next.reason : null,
          ]);
    return rows.map((row) => ({ run: runFromRow(row), project: text(row['project']), timeLimitSeconds: row['time_limit_seconds'] === null || row['time_limit_seconds'] === undefined ? null : int(row['time_limit_seconds']) }));
  }

  /** Ends one held run (cancelled before its approval was decided); null when it is no longer held. */
  async endHeld(sql: Sql, id: string, status: RunStatus, reason: string): Promise<Run | null> {
    const [row] = await sql.query(`update runs set status = $2, reason = $3, ended_at = now() where id = $1 and status = 'waiting_approval' returning ${COLUMNS}`, [id, status, reason]);
    return row ? runFromRow(row) : null;
  }

  /** Runs held for `approvalId` that were cancelled before it was decided. */
  async cancelledWhileHeld(sql: Sql, approvalId: string): Promise<{ run: Run; project: string }[]> {
    const rows = await sql.query(`select ${COLUMNS}, project from runs where approval_id = $1 and status = 'cancelled'`, [approvalId]);
    return rows.map((row) => ({ run: runFromRow(row), project: text(row['project']) }));
  }

  /** The approvals held runs wait for, for a start-up sweep of decisions made while no server listened. */
  async heldApprovals(sql: Sql): Promise<{ approvalId: string; project: string }[]> {
    const rows = await sql.query(`select distinct approval_id::text as approval_id, project from runs where status = 'waiting_approval'`, []);
    return rows.map((row) => ({ approvalId: text(row['approval_id']), project: text(row['project']) }));
  }

  /** Runs still marked live, locked so two recovering replicas do not both release a task. */
  async liveForUpdate(sql: Sql): Promise<LiveRun[]> {
    const rows = await sql.query(`select ${COLUMNS}, project, server_id from runs where status in ('starting', 'running') for update skip locked`, []);
    return rows.map((row) => ({ run: runFromRow(row), project: text(row['project']), serverId: text(row['server_id']) }));
  }
}
