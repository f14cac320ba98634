/**
 * API-declared policies and the audit trail of evaluations that did not pass cleanly, both kept per
 * project. Statements are typed from the `PolicyRow` and `PolicyAudit` entities (policy.entity.ts).
 */
import { sql as raw, type Selectable } from 'kysely';
import { PolicySchema, type AuditEntry, type Policy, type PolicyEvaluation, type PolicyOperation, type PolicyOutcome, type TaskStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { prepared } from '../../db/prepared-statement.ts';
import type { DB } from '../../db/entities.ts';

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

const AUDIT_COLUMNS = ['id', 'at', 'operation', 'agent_id', 'agent_name', 'task_id', 'task_key', 'paths', 'from_status', 'to_status', 'policy', 'outcome', 'message', 'approval_id'] as const;

type AuditRow = Pick<Selectable<DB['policy_audit']>, (typeof AUDIT_COLUMNS)[number]>;

const evaluationFromRow = (row: AuditRow): PolicyEvaluation => ({
  evaluation_id: row.id,
  at: row.at,
  operation: row.operation,
  agent_id: row.agent_id,
  agent_name: row.agent_name,
  task_id: row.task_id,
  task_key: row.task_key,
  paths: [...row.paths],
  from_status: row.from_status,
  to_status: row.to_status,
  policy: row.policy,
  outcome: row.outcome,
  message: row.message,
  approval_id: row.approval_id,
});

// Read by every claim and lock request (is there any API policy; which, for these projects): prepared.
const ANY_API_POLICY = prepared<Record<string, never>>()((db) => db.selectFrom('policies').select(raw<number>`1`.as('one')).limit(1));
const API_POLICIES = prepared<{ projects: string[] }>()((db, p) =>
  db
    .selectFrom('policies')
    .select(['project', 'name', 'definition'])
    .where('project', '=', (eb) => eb.fn.any(eb.val(p.projects)))
    .orderBy('project')
    .orderBy('name'),
);

export class PolicyRepository {
  /**
   * The API-declared policies of these projects, by project (a project without any is absent); a stored
   * definition the current schema no longer accepts is skipped and reported.
   */
  async apiPolicies(sql: Sql, projects: readonly string[], onInvalid?: (project: string, name: string) => void): Promise<Map<string, Policy[]>> {
    const byProject = new Map<string, Policy[]>();
    if (projects.length === 0) return byProject;
    const rows = await API_POLICIES(sql, { projects: [...projects] });
    for (const row of rows) {
      const parsed = PolicySchema.safeParse(row.definition);
      if (!parsed.success) {
        onInvalid?.(row.project, row.name);
        continue;
      }
      const list = byProject.get(row.project) ?? [];
      list.push(parsed.data);
      byProject.set(row.project, list);
    }
    return byProject;
  }

  /** Whether any project has API-declared policies at all (a cheap test before reading a batch's). */
  async anyApiPolicy(sql: Sql): Promise<boolean> {
    return (await ANY_API_POLICY(sql, {})).length > 0;
  }

  async upsert(sql: Sql, project: string, policy: Policy, declaredBy: string): Promise<void> {
    await sql.db
      .insertInto('policies')
      .values({ project, name: policy.name, definition: { ...policy }, declared_by_id: declaredBy })
      .onConflict((conflict) =>
        conflict.columns(['project', 'name']).doUpdateSet((eb) => ({ definition: eb.ref('excluded.definition'), declared_by_id: eb.ref('excluded.declared_by_id'), updated_at: raw<string>`now()` })),
      )
      .execute();
  }

  async remove(sql: Sql, project: string, name: string): Promise<boolean> {
    const rows = await sql.db.deleteFrom('policies').where('project', '=', project).where('name', '=', name).returning('name').execute();
    return rows.length > 0;
  }

  async record(sql: Sql, evaluation: NewEvaluation): Promise<PolicyEvaluation> {
    const row = await sql.db
      .insertInto('policy_audit')
      .values({
        operation: evaluation.operation,
        agent_id: evaluation.agentId,
        agent_name: evaluation.agentName,
        task_id: evaluation.taskId,
        task_key: evaluation.taskKey,
        paths: [...evaluation.paths],
        from_status: evaluation.fromStatus,
        to_status: evaluation.toStatus,
        policy: evaluation.policy,
        outcome: evaluation.outcome,
        message: evaluation.message,
        approval_id: evaluation.approvalId,
        project: evaluation.project,
      })
      .returning(AUDIT_COLUMNS)
      .executeTakeFirst();
    if (!row) throw new Error('audit entry not inserted');
    return evaluationFromRow(row);
  }

  async audit(sql: Sql, project: string, filter: AuditFilter): Promise<AuditEntry[]> {
    let query = sql.db
      .selectFrom('policy_audit as pa')
      .leftJoin('approvals as ap', 'ap.id', 'pa.approval_id')
      .leftJoin('agents as dc', 'dc.id', 'ap.decided_by_id')
      .select(AUDIT_COLUMNS.map((column) => `pa.${column}` as const))
      // The entity plugin reads a bare `id` here by the last joined table that has one (agents: a uuid, no
      // conversion), so node-pg's bigint string would stay a string; `pa_id` it reads as policy_audit's id.
      .select(['pa.id as pa_id', 'ap.status as approval_status', 'dc.name as approver', 'ap.decided_at'])
      .where('pa.project', '=', project);
    if (filter.policy !== undefined) query = query.where('pa.policy', '=', filter.policy);
    if (filter.agentId !== undefined) query = query.where('pa.agent_id', '=', filter.agentId);
    if (filter.outcome !== undefined) query = query.where('pa.outcome', '=', filter.outcome);
    if (filter.before !== undefined) query = query.where('pa.id', '<', filter.before);
    const rows = await query.orderBy('pa.id', 'desc').limit(filter.limit).execute();
    return rows.map((row) => ({ ...evaluationFromRow({ ...row, id: row.pa_id }), approval_status: row.approval_status, approver: row.approver, decided_at: row.decided_at }));
  }
}
