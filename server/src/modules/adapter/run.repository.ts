/** The runs table: SQL for runs lives here only. */
import type { Run, RunStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { int, isoTime, isoTimeOrNull, text, textOrNull } from '../../db/row-values.ts';

const COLUMNS = 'id, adapter, task_id, task_key, agent_id, agent_name, status, pid, workspace, branch, log_file, reason, started_at, ended_at';

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
}

export interface LiveRun {
  readonly run: Run;
  readonly project: string;
  readonly serverId: string;
}

export class RunRepository {
  async insert(sql: Sql, run: NewRun): Promise<Run> {
    const [row] = await sql.query(
      `insert into runs (id, project, adapter, task_id, task_key, agent_id, agent_name, status, server_id, workspace, branch, log_file)
       values ($1, $2, $3, $4, $5, $6, $7, 'starting', $8, $9, $10, $11) returning ${COLUMNS}`,
      [run.id, run.project, run.adapter, run.taskId, run.taskKey, run.agentId, run.agentName, run.serverId, run.workspace, run.branch, run.logFile],
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

  async list(sql: Sql, project: string, limit: number): Promise<Run[]> {
    const rows = await sql.query(`select ${COLUMNS} from runs where project = $1 order by started_at desc limit $2`, [project, limit]);
    return rows.map(runFromRow);
  }

  /** Runs still marked live, locked so two recovering replicas do not both release a task. */
  async liveForUpdate(sql: Sql): Promise<LiveRun[]> {
    const rows = await sql.query(`select ${COLUMNS}, project, server_id from runs where status in ('starting', 'running') for update skip locked`, []);
    return rows.map((row) => ({ run: runFromRow(row), project: text(row['project']), serverId: text(row['server_id']) }));
  }
}
