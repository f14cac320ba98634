/**
 * Approval rows: the escalated change, its policy, who asked, when it expires, and the decision (a
 * human's, or the sweeper's when it expired). Each belongs to the project of its change; reading one by
 * id is within a project (another project's is unknown). Expiry is read with the database clock (`now()`),
 * the clock every replica's sweeper shares.
 */
import { randomUUID } from 'node:crypto';
import type { Approval, ApprovalStatus, PolicyOperation, TaskStatus } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { isoTime, isoTimeOrNull, text, textArray, textOrNull } from '../../db/row-values.ts';
import { taskKey } from '../task/task.rows.ts';
import { ApprovalRequestSchema, type ApprovalRequest } from './approval-request.ts';

const APPROVAL_COLUMNS = `ap.id, ap.status, ap.operation, ap.policy, ap.message, ap.summary, ap.requester_id, rq.name as requester_name,
  ap.task_id, t.key_number as task_key_number, ap.paths, ap.to_status, ap.decided_by_id, dc.name as decided_by_name,
  ap.decision_note, ap.result_note, ap.created_at, ap.expires_at, ap.decided_at, ap.request`;
const APPROVAL_FROM = `approvals ap
  left join agents rq on rq.id = ap.requester_id
  left join agents dc on dc.id = ap.decided_by_id
  left join tasks t on t.id = ap.task_id`;

function approvalFromRow(row: Row): Approval {
  return {
    approval_id: text(row['id']),
    status: text(row['status']) as ApprovalStatus,
    operation: text(row['operation']) as PolicyOperation,
    policy: text(row['policy']),
    message: text(row['message']),
    summary: text(row['summary']),
    requester_id: textOrNull(row['requester_id']),
    requester_name: textOrNull(row['requester_name']),
    task_id: textOrNull(row['task_id']),
    task_key: row['task_key_number'] === null || row['task_key_number'] === undefined ? null : taskKey(row['task_key_number']),
    paths: textArray(row['paths']),
    to_status: textOrNull(row['to_status']) as TaskStatus | null,
    decided_by: textOrNull(row['decided_by_id']),
    decided_by_name: textOrNull(row['decided_by_name']),
    decision_note: textOrNull(row['decision_note']),
    result_note: textOrNull(row['result_note']),
    created_at: isoTime(row['created_at']),
    expires_at: isoTime(row['expires_at']),
    decided_at: isoTimeOrNull(row['decided_at']),
  };
}

export interface NewApproval {
  readonly project: string;
  readonly request: ApprovalRequest;
  readonly policy: string;
  readonly message: string;
  readonly summary: string;
  readonly requesterId: string | null;
  readonly taskId: string | null;
  readonly paths: readonly string[];
  readonly toStatus: TaskStatus | null;
  /** It expires this long after it is queued. */
  readonly ttlSeconds: number;
}

/** An approval locked for deciding: `overdue` when it is past its expiry though still pending (the sweeper has not reached it yet). */
export interface LockedApproval {
  readonly approval: Approval;
  readonly request: ApprovalRequest;
  readonly overdue: boolean;
}

export class ApprovalRepository {
  /**
   * A pending approval for this change: the one already waiting for the same requester, task, paths,
   * target and policy (an agent asking again does not queue the same question twice), else a new one.
   * One past its expiry is not reused: asking again after it lapsed queues a fresh question.
   */
  async createOrReuse(sql: Sql, approval: NewApproval): Promise<{ approval: Approval; created: boolean }> {
    const [existing] = await sql.query(
      `select ap.id from approvals ap where ap.status = 'pending' and ap.project = $7 and ap.operation = $1 and ap.policy = $2
         and ap.requester_id is not distinct from $3::uuid and ap.task_id is not distinct from $4::uuid
         and ap.paths = $5::text[] and ap.to_status is not distinct from $6::text and ap.expires_at > now()
       limit 1`,
      [approval.request.operation, approval.policy, approval.requesterId, approval.taskId, [...approval.paths], approval.toStatus, approval.project],
    );
    if (existing) return { approval: await this.require(sql, text(existing['id'])), created: false };
    const id = randomUUID();
    await sql.query(
      `insert into approvals (id, project, operation, request, policy, message, summary, requester_id, task_id, paths, to_status, expires_at)
       values ($1, $11, $2, $3::jsonb, $4, $5, $6, $7, $8, $9::text[], $10, now() + make_interval(secs => $12))`,
      [
        id,
        approval.request.operation,
        JSON.stringify(approval.request),
        approval.policy,
        approval.message,
        approval.summary,
        approval.requesterId,
        approval.taskId,
        [...approval.paths],
        approval.toStatus,
        approval.project,
        approval.ttlSeconds,
      ],
    );
    return { approval: await this.require(sql, id), created: true };
  }

  /** The approval of this project; null when unknown there. */
  async get(sql: Sql, project: string, id: string): Promise<Approval | null> {
    const [row] = await sql.query(`select ${APPROVAL_COLUMNS} from ${APPROVAL_FROM} where ap.id = $1 and ap.project = $2`, [id, project]);
    return row ? approvalFromRow(row) : null;
  }

  /** An approval by the id this transaction already holds (created or locked in it). */
  async require(sql: Sql, id: string): Promise<Approval> {
    const [row] = await sql.query(`select ${APPROVAL_COLUMNS} from ${APPROVAL_FROM} where ap.id = $1`, [id]);
    if (!row) throw new Error(`approval ${id} vanished inside its own transaction`);
    return approvalFromRow(row);
  }

  /** The approval of this project and its stored request, row-locked for deciding; null when unknown there. */
  async lock(sql: Sql, project: string, id: string): Promise<LockedApproval | null> {
    await sql.query(`select id from approvals where id = $1 and project = $2 for update`, [id, project]);
    const [row] = await sql.query(
      `select ${APPROVAL_COLUMNS}, ap.status = 'pending' and ap.expires_at <= now() as overdue from ${APPROVAL_FROM} where ap.id = $1 and ap.project = $2`,
      [id, project],
    );
    if (!row) return null;
    const raw: unknown = typeof row['request'] === 'string' ? JSON.parse(row['request']) : row['request'];
    return { approval: approvalFromRow(row), request: ApprovalRequestSchema.parse(raw), overdue: row['overdue'] === true };
  }

  /** Pending approvals past their expiry, in every project, row-locked; rows another sweep already holds are skipped. */
  async lockOverdue(sql: Sql): Promise<{ project: string; approval: Approval }[]> {
    const locked = await sql.query(`select id from approvals where status = 'pending' and expires_at <= now() for update skip locked`);
    if (locked.length === 0) return [];
    const rows = await sql.query(`select ${APPROVAL_COLUMNS}, ap.project from ${APPROVAL_FROM} where ap.id = any($1::uuid[]) order by ap.expires_at`, [
      locked.map((row) => text(row['id'])),
    ]);
    return rows.map((row) => ({ project: text(row['project']), approval: approvalFromRow(row) }));
  }

  /**
   * Records the decision if the approval is still pending; false when someone decided first. No decider
   * when it expired unanswered.
   */
  async decide(sql: Sql, id: string, decision: { status: ApprovalStatus; deciderId: string | null; note: string | null; resultNote: string | null }): Promise<boolean> {
    const rows = await sql.query(
      `update approvals set status = $2, decided_by_id = $3, decision_note = $4, result_note = $5, decided_at = now()
       where id = $1 and status = 'pending' returning id`,
      [id, decision.status, decision.deciderId, decision.note, decision.resultNote],
    );
    return rows.length > 0;
  }

  async list(sql: Sql, project: string, status: ApprovalStatus, limit: number): Promise<Approval[]> {
    const rows = await sql.query(
      `select ${APPROVAL_COLUMNS} from ${APPROVAL_FROM} where ap.project = $3 and ap.status = $1
       order by case when ap.status = 'pending' then ap.created_at end asc, ap.decided_at desc nulls last, ap.created_at desc limit $2`,
      [status, limit, project],
    );
    return rows.map(approvalFromRow);
  }
}
