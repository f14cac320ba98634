/**
 * Approval rows: the escalated change, its policy, who asked, when it expires, and the decision (a
 * human's, or the sweeper's when it expired). Each belongs to the project of its change; reading one by
 * id is within a project (another project's is unknown). Expiry is read with the database clock (`now()`),
 * the clock every replica's sweeper shares.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw } from 'kysely';
import type { Approval, ApprovalStatus, TaskStatus } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { taskKey } from '../../common/task-key.ts';
import { ApprovalRequestSchema, type ApprovalRequest } from './approval-request.ts';

/** An approval `ap` with the names of its requester and decider and its task's key number. */
const selectApprovals = (sql: Sql) =>
  sql.db
    .selectFrom('approvals as ap')
    .leftJoin('agents as rq', 'rq.id', 'ap.requester_id')
    .leftJoin('agents as dc', 'dc.id', 'ap.decided_by_id')
    .leftJoin('tasks as t', 't.id', 'ap.task_id')
    .select([
      'ap.id',
      'ap.status',
      'ap.operation',
      'ap.policy',
      'ap.message',
      'ap.summary',
      'ap.requester_id',
      'rq.name as requester_name',
      'ap.task_id',
      't.key_number as task_key_number',
      'ap.paths',
      'ap.to_status',
      'ap.decided_by_id',
      'dc.name as decided_by_name',
      'ap.decision_note',
      'ap.result_note',
      'ap.created_at',
      'ap.expires_at',
      'ap.decided_at',
      'ap.request',
    ]);

type ApprovalRow = Awaited<ReturnType<ReturnType<typeof selectApprovals>['executeTakeFirstOrThrow']>>;

function approvalFromRow(row: ApprovalRow): Approval {
  return {
    approval_id: row.id,
    status: row.status,
    operation: row.operation,
    policy: row.policy,
    message: row.message,
    summary: row.summary,
    requester_id: row.requester_id,
    requester_name: row.requester_name,
    task_id: row.task_id,
    task_key: row.task_key_number === null ? null : taskKey(row.task_key_number),
    paths: [...row.paths],
    to_status: row.to_status,
    decided_by: row.decided_by_id,
    decided_by_name: row.decided_by_name,
    decision_note: row.decision_note,
    result_note: row.result_note,
    created_at: row.created_at,
    expires_at: row.expires_at,
    decided_at: row.decided_at,
  };
}

const now = raw<string>`now()`;

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
    const existing = await sql.db
      .selectFrom('approvals as ap')
      .select('ap.id')
      .where('ap.status', '=', 'pending')
      .where('ap.project', '=', approval.project)
      .where('ap.operation', '=', approval.request.operation)
      .where('ap.policy', '=', approval.policy)
      .where('ap.requester_id', 'is not distinct from', approval.requesterId)
      .where('ap.task_id', 'is not distinct from', approval.taskId)
      // `eb.val`: one array parameter (a bare array on the right of `=` would be a value list).
      .where((eb) => eb('ap.paths', '=', eb.val([...approval.paths])))
      .where('ap.to_status', 'is not distinct from', approval.toStatus)
      .where('ap.expires_at', '>', now)
      .limit(1)
      .executeTakeFirst();
    if (existing) return { approval: await this.require(sql, existing.id), created: false };
    const id = randomUUID();
    await sql.db
      .insertInto('approvals')
      .values({
        id,
        project: approval.project,
        operation: approval.request.operation,
        request: { ...approval.request },
        policy: approval.policy,
        message: approval.message,
        summary: approval.summary,
        requester_id: approval.requesterId,
        task_id: approval.taskId,
        paths: [...approval.paths],
        to_status: approval.toStatus,
        expires_at: raw<string>`now() + make_interval(secs => ${approval.ttlSeconds})`,
      })
      .execute();
    return { approval: await this.require(sql, id), created: true };
  }

  /** The approval of this project; null when unknown there. */
  async get(sql: Sql, project: string, id: string): Promise<Approval | null> {
    const row = await selectApprovals(sql).where('ap.id', '=', id).where('ap.project', '=', project).executeTakeFirst();
    return row ? approvalFromRow(row) : null;
  }

  /** An approval by the id this transaction already holds (created or locked in it). */
  async require(sql: Sql, id: string): Promise<Approval> {
    const row = await selectApprovals(sql).where('ap.id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`approval ${id} vanished inside its own transaction`);
    return approvalFromRow(row);
  }

  /** The approval of this project and its stored request, row-locked for deciding; null when unknown there. */
  async lock(sql: Sql, project: string, id: string): Promise<LockedApproval | null> {
    await sql.db.selectFrom('approvals').select('id').where('id', '=', id).where('project', '=', project).forUpdate().execute();
    const row = await selectApprovals(sql)
      .select(raw<boolean>`ap.status = 'pending' and ap.expires_at <= now()`.as('overdue'))
      .where('ap.id', '=', id)
      .where('ap.project', '=', project)
      .executeTakeFirst();
    if (!row) return null;
    return { approval: approvalFromRow(row), request: ApprovalRequestSchema.parse(row.request), overdue: row.overdue };
  }

  /** Pending approvals past their expiry, in every project, row-locked; rows another sweep already holds are skipped. */
  async lockOverdue(sql: Sql): Promise<{ project: string; approval: Approval }[]> {
    const locked = await sql.db.selectFrom('approvals').select('id').where('status', '=', 'pending').where('expires_at', '<=', now).forUpdate().skipLocked().execute();
    if (locked.length === 0) return [];
    const rows = await selectApprovals(sql)
      .select('ap.project')
      .where(
        'ap.id',
        'in',
        locked.map((row) => row.id),
      )
      .orderBy('ap.expires_at')
      .execute();
    return rows.map((row) => ({ project: row.project, approval: approvalFromRow(row) }));
  }

  /**
   * Records the decision if the approval is still pending; false when someone decided first. No decider
   * when it expired unanswered.
   */
  async decide(sql: Sql, id: string, decision: { status: ApprovalStatus; deciderId: string | null; note: string | null; resultNote: string | null }): Promise<boolean> {
    const rows = await sql.db
      .updateTable('approvals')
      .set({ status: decision.status, decided_by_id: decision.deciderId, decision_note: decision.note, result_note: decision.resultNote, decided_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning('id')
      .execute();
    return rows.length > 0;
  }

  async list(sql: Sql, project: string, status: ApprovalStatus, limit: number): Promise<Approval[]> {
    const rows = await selectApprovals(sql)
      .where('ap.project', '=', project)
      .where('ap.status', '=', status)
      .orderBy(raw`case when ap.status = 'pending' then ap.created_at end asc`)
      .orderBy(raw`ap.decided_at desc nulls last`)
      .orderBy('ap.created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(approvalFromRow);
  }
}
