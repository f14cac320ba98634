/**
 * The approvals queue: changes a policy escalated wait here until a human approves or rejects them.
 * Approving re-checks the change against the state at that moment and applies it for its requester in
 * one transaction with the decision; if it can no longer be applied (a policy now blocks it, the files
 * are held, the task moved on) the approval ends `failed` with the reason. An approval nobody decided
 * in time expires (approval-expiry.ts) and can no longer be decided. Either way an `approval.decided`
 * event tells the requester.
 *
 * The queue is per project: approvals are listed, read and decided only within the caller's project.
 * Deciding takes a human twice over: the caller is not an agent token (an agent must not approve what
 * a policy escalated, its own request least of all), and acts as a registered agent of kind human.
 */
import {
  CoordinatorError,
  type Approval,
  type DecideApprovalInputSchema,
  type GetApprovalInputSchema,
  type ListApprovalsInputSchema,
  type Parsed,
  type PolicyOperation,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { requireHuman } from '../agent/agent-lookup.ts';
import { refuseAgentToken } from '../../common/human-caller.ts';
import { ApprovalRepository, type LockedApproval } from './approval.repository.ts';
import { expiredUnanswered } from './approval-expiry.ts';
import type { ApprovalRequest } from './approval-request.ts';

/** What applying an approved change came to: applied (with a note, e.g. warnings) or not (why). */
export type Applied = { readonly applied: true; readonly note: string | null } | { readonly applied: false; readonly reason: string };

export type Applier = (tx: Tx, request: ApprovalRequest) => Promise<Applied>;

/** Thrown inside the approving transaction when the change failed to apply, to roll it back and record `failed`. */
class NotApplied extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

const unknownApproval = (operation: string, id: string): CoordinatorError =>
  new CoordinatorError('NOT_FOUND', `${operation}: no approval "${id}" — list_approvals shows the pending ones`, [{ field: 'approval_id', message: 'unknown approval' }]);

const alreadyDecided = (operation: string, approval: Approval): CoordinatorError =>
  new CoordinatorError(
    'CONFLICT',
    `${operation}: approval ${approval.approval_id} was already ${approval.status}${approval.decided_by_name ? ` by ${approval.decided_by_name}` : ''}`,
  );

export class ApprovalService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #appliers: Readonly<Record<PolicyOperation, Applier>>;
  readonly #approvals = new ApprovalRepository();

  constructor(db: Database, transactor: Transactor, appliers: Readonly<Record<PolicyOperation, Applier>>) {
    this.#db = db;
    this.#transactor = transactor;
    this.#appliers = appliers;
  }

  listApprovals(actor: Actor, input: Parsed<typeof ListApprovalsInputSchema>): Promise<Approval[]> {
    return this.#approvals.list(this.#db, actor.project, input.status ?? 'pending', input.limit);
  }

  async getApproval(actor: Actor, input: Parsed<typeof GetApprovalInputSchema>): Promise<Approval> {
    const approval = await this.#approvals.get(this.#db, actor.project, input.approval_id);
    if (!approval) throw unknownApproval('get_approval', input.approval_id);
    return approval;
  }

  async approveRequest(actor: Actor, input: Parsed<typeof DecideApprovalInputSchema>): Promise<Approval> {
    refuseAgentToken(actor, 'approve_request', 'approvals need a human');
    const note = input.note ?? null;
    let decider = '';
    try {
      return await this.#transactor.run(actor.project, async (tx) => {
        const human = await requireHuman(tx, actor, 'approve_request', input.agent_id);
        decider = human.id;
        const { request } = await this.#pending(tx, actor, 'approve_request', input.approval_id);
        const applied = await this.#appliers[request.operation](tx, request);
        if (!applied.applied) throw new NotApplied(applied.reason);
        return this.#decide(tx, input.approval_id, { status: 'approved', deciderId: human.id, note, resultNote: applied.note });
      });
    } catch (error) {
      if (!(error instanceof NotApplied)) throw error;
      // The change was rolled back with the approving transaction; the decision is recorded on its own.
      return this.#transactor.run(actor.project, async (tx) => {
        await this.#pending(tx, actor, 'approve_request', input.approval_id);
        return this.#decide(tx, input.approval_id, { status: 'failed', deciderId: decider, note, resultNote: error.reason });
      });
    }
  }

  async rejectRequest(actor: Actor, input: Parsed<typeof DecideApprovalInputSchema>): Promise<Approval> {
    refuseAgentToken(actor, 'reject_request', 'approvals need a human');
    return this.#transactor.run(actor.project, async (tx) => {
      const human = await requireHuman(tx, actor, 'reject_request', input.agent_id);
      await this.#pending(tx, actor, 'reject_request', input.approval_id);
      return this.#decide(tx, input.approval_id, { status: 'rejected', deciderId: human.id, note: input.note ?? null, resultNote: null });
    });
  }

  async #pending(tx: Tx, actor: Actor, operation: string, id: string): Promise<LockedApproval> {
    const locked = await this.#approvals.lock(tx, actor.project, id);
    if (!locked) throw unknownApproval(operation, id);
    // Past its expiry it is refused whether or not the sweeper has marked it expired yet.
    if (locked.approval.status === 'expired' || locked.overdue) throw expiredUnanswered(operation, locked.approval);
    if (locked.approval.status !== 'pending') throw alreadyDecided(operation, locked.approval);
    return locked;
  }

  async #decide(tx: Tx, id: string, decision: Parameters<ApprovalRepository['decide']>[2]): Promise<Approval> {
    await this.#approvals.decide(tx, id, decision);
    const approval = await this.#approvals.require(tx, id);
    tx.emit({ type: 'approval.decided', approval });
    return approval;
  }
}

/** The reason an applier gives when a service refused the approved change. */
export function refusalReason(refused: unknown): string {
  if (refused instanceof CoordinatorError) return `${refused.code}: ${refused.message}`;
  throw refused;
}
