/**
 * Pending approvals expire: a change a policy escalated waits `ttlSeconds` (the server's `--approval-ttl`)
 * for a human, then it is `expired` — never applied, because the agent that asked may be long gone and
 * the change stale by now. The sweeper expires them (`expireOverdueApprovals`) with the same
 * `approval.decided` event a human decision sends, so the requester learns of it the same way; until it
 * gets there, deciding one past its expiry is refused just the same (`expiredUnanswered`), so the
 * outcome does not depend on how soon the sweeper ran.
 */
import { CoordinatorError, type Approval } from '@agent-coordinator/shared';
import type { Tx } from '../../common/transactor.ts';
import { ApprovalRepository } from './approval.repository.ts';

const UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
] as const;

/** A whole number of seconds in the largest unit it is a whole number of: 86400 → "1 day", 5400 → "90 minutes". */
export function durationInWords(seconds: number): string {
  const [unit, size] = UNITS.find(([, size]) => seconds >= size && seconds % size === 0) ?? ['second', 1];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const waited = (approval: Approval): string => durationInWords(Math.round((Date.parse(approval.expires_at) - Date.parse(approval.created_at)) / 1000));

/** The result note of an expired approval. */
export const expiryNote = (approval: Approval): string => `expired unanswered after ${waited(approval)}; nothing was applied`;

/** Deciding an approval that expired (or is past its expiry and about to). */
export const expiredUnanswered = (operation: string, approval: Approval): CoordinatorError =>
  new CoordinatorError(
    'CONFLICT',
    `${operation}: approval ${approval.approval_id} expired at ${approval.expires_at} unanswered (after ${waited(approval)}); nothing was applied — the requester must ask again if it still wants the change`,
  );

const approvals = new ApprovalRepository();

/**
 * Expires every pending approval past its expiry, in every project, each with `approval.decided` in its
 * own project; returns how many. Safe from several replicas at once: each row is expired by whichever
 * sweep locked it (the others skip it).
 */
export async function expireOverdueApprovals(tx: Tx): Promise<number> {
  const overdue = await approvals.lockOverdue(tx);
  for (const { project, approval } of overdue) {
    await approvals.decide(tx, approval.approval_id, { status: 'expired', deciderId: null, note: null, resultNote: expiryNote(approval) });
    tx.within(project).emit({ type: 'approval.decided', approval: await approvals.require(tx, approval.approval_id) });
  }
  return overdue.length;
}
