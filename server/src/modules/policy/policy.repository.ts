/** API-declared policies and the audit trail of evaluations that did not pass cleanly, both kept per project. */
import { PolicySchema, type AuditEntry, type Policy, type PolicyEvaluation, type PolicyOperation, type PolicyOutcome, type TaskStatus, type ApprovalStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { int, isoTime, isoTimeOrNull, text, textArray, textOrNull } from '../../db/row-values.ts';

export interface NewEvaluation {
  readonly project: string;
  readonly operation: PolicyOperation;
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly taskId: string | null;
  readonly taskKey: string | null;
  readonly paths: readonly string[];
  readonly fromStatus: TaskStatus | null;
  readonly toStatus: TaskStatus | null;
  readonly policy: string;
  readonly outcome: PolicyOutcome;
  readonly message: string;
  readonly approvalId: string | null;
}

export interface AuditFilter {
  readonly policy?: string | undefined;
  readonly agentId?: string | undefined;
  readonly outcome?: PolicyOutcome | undefined;
  readonly before?: number | undefined;
  readonly limit: number;
}

const evaluationFromRow = (row: Row): PolicyEvaluation => ({
  evaluation_id: int(row['id']),
  at: isoTime(row['at']),
  operation: text(row['operation']) as PolicyOperation,
  agent_id: textOrNull(row['agent_id']),
  agent_name: textOrNull(row['agent_name']),
  task_id: textOrNull(row['task_id']),
  task_key: textOrNull(row['task_key']),
  paths: textArray(row['paths']),
  from_status: textOrNull(row['from_status']) as TaskStatus | null,
  to_status: textOrNull(row['to_status']) as TaskStatus | null,
  policy: text(row['policy']),
  outcome: text(row['outcome']) as PolicyOutcome,
  message: text(row['message']),
  approval_id: textOrNull(row['approval_id']),
});

export class PolicyRepository {
  /**
   * The API-declared policies of these projects, by project (a project without any is absent); a stored
   * definition the current schema no longer accepts is skipped and reported.
   */
  async apiPolicies(sql: Sql, projects: readonly string[], onInvalid?: (project: string, name: string) => void): Promise<Map<string, Policy[]>> {
    const byProject = new Map<string, Policy[]>();
    if (projects.length === 0) return byProject;
    const rows = await sql.query(`select project, name, definition from policies where project = any($1::text[]) order by project, name`, [[...projects]]);
    for (const row of rows) {
      const project = text(row['project']);
      const raw: unknown = typeof row['definition'] === 'string' ? JSON.parse(row['definition']) : row['definition'];
      const parsed = PolicySchema.safeParse(raw);
      if (!parsed.success) {
        onInvalid?.(project, text(row['name']));
        continue;
      }
      const list = byProject.get(project) ?? [];
      list.push(parsed.data);
      byProject.set(project, list);
    }
    return byProject;
  }

  /** Whether any project has API-declared policies at all (a cheap test before reading a batch's). */
  async anyApiPolicy(sql: Sql): Promise<boolean> {
    return (await sql.query(`select 1 from policies limit 1`)).length > 0;
  }

  async upsert(sql: Sql, project: string, policy: Policy, declaredBy: string): Promise<void> {
    await sql.query(
      `insert into policies (project, name, definition, declared_by_id) values ($1, $2, $3::jsonb, $4)
       on conflict (project, name) do update set definition = excluded.definition, declared_by_id = excluded.declared_by_id, updated_at = now()`,
      [project, policy.name, JSON.stringify(policy), declaredBy],
    );
  }

  async remove(sql: Sql, project: string, name: string): Promise<boolean> {
    return (await sql.query(`delete from policies where project = $1 and name = $2 returning name`, [project, name])).length > 0;
  }

  async record(sql: Sql, evaluation: NewEvaluation): Promise<PolicyEvaluation> {
    const [row] = await sql.query(
      `insert into policy_audit (operation, agent_id, agent_name, task_id, task_key, paths, from_status, to_status, policy, outcome, message, approval_id, project)
       values ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11, $12, $13) returning *`,
      [
        evaluation.operation,
        evaluation.agentId,
        evaluation.agentName,
        evaluation.taskId,
        evaluation.taskKey,
        [...evaluation.paths],
        evaluation.fromStatus,
        evaluation.toStatus,
        evaluation.policy,
        evaluation.outcome,
        evaluation.message,
        evaluation.approvalId,
        evaluation.project,
      ],
    );
    if (!row) throw new Error('audit entry not inserted');
    return evaluationFromRow(row);
  }

  async audit(sql: Sql, project: string, filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await sql.query(
      `select pa.*, ap.status as approval_status, dc.name as approver, ap.decided_at
       from policy_audit pa left join approvals ap on ap.id = pa.approval_id left join agents dc on dc.id = ap.decided_by_id
       where pa.project = $6 and ($1::text is null or pa.policy = $1) and ($2::uuid is null or pa.agent_id = $2) and ($3::text is null or pa.outcome = $3)
         and ($4::bigint is null or pa.id < $4)
       order by pa.id desc limit $5`,
      [filter.policy ?? null, filter.agentId ?? null, filter.outcome ?? null, filter.before ?? null, filter.limit, project],
    );
    return rows.map((row) => ({
      ...evaluationFromRow(row),
      approval_status: textOrNull(row['approval_status']) as ApprovalStatus | null,
      approver: textOrNull(row['approver']),
      decided_at: isoTimeOrNull(row['decided_at']),
    }));
  }
}
