/**
 * How each kind of escalated change is applied once approved: through the same service code that would
 * have applied it at first, in the approval's transaction, with escalations satisfied.
 *
 * Composition, not part of the approval module: it joins the approval service to the task, lock, claim and
 * policy services it applies through, so it lives beside coordinator.ts, which wires it (issue #19: the
 * approval module no longer imports the modules whose changes it holds).
 */
import { systemActor } from './common/actor.ts';
import type { PolicyOperation } from '@agent-coordinator/shared';
import type { TaskService } from './modules/task/task.service.ts';
import type { LockService } from './modules/lock/lock.service.ts';
import type { PolicyGate } from './modules/policy/policy-gate.ts';
import { claimApproved } from './modules/claim/claim-approved.ts';
import { refusalReason, type Applier } from './modules/approval/approval.service.ts';

const noteOf = (warnings: readonly string[] | undefined): string | null => (warnings && warnings.length > 0 ? `applied with warnings: ${warnings.join('; ')}` : null);

export function approvalAppliers(tasks: TaskService, locks: LockService, gate: Pick<PolicyGate, 'open'>): Readonly<Record<PolicyOperation, Applier>> {
  return {
    claim: async (tx, request) => {
      if (request.operation !== 'claim') throw new Error(`claim applier got a ${request.operation} request`);
      const outcome = await claimApproved(tx, gate, request);
      return 'refused' in outcome ? { applied: false, reason: refusalReason(outcome.refused) } : { applied: true, note: noteOf(outcome.result.warnings) };
    },
    lock: async (tx, request) => {
      if (request.operation !== 'lock') throw new Error(`lock applier got a ${request.operation} request`);
      const outcome = await locks.applyApproved(tx, request);
      if ('refused' in outcome) return { applied: false, reason: refusalReason(outcome.refused) };
      if (!outcome.result.granted) {
        const held = outcome.result.conflicts.map((c) => `${c.path} held by ${c.held_by}`);
        return { applied: false, reason: held.length > 0 ? `LOCK_HELD: ${held.join(', ')}` : 'not granted' };
      }
      return { applied: true, note: noteOf(outcome.result.warnings) };
    },
    transition: async (tx, request) => {
      if (request.operation !== 'transition') throw new Error(`transition applier got a ${request.operation} request`);
      try {
        const outcome = await tasks.applyApproved(tx, systemActor(request.project), request);
        if ('refused' in outcome) return { applied: false, reason: refusalReason(outcome.refused) };
        if (outcome.result.pending_approval) return { applied: false, reason: `needs another approval (${outcome.result.pending_approval.approval_id})` };
        return { applied: true, note: noteOf(outcome.result.warnings) };
      } catch (error) {
        return { applied: false, reason: refusalReason(error) };
      }
    },
  };
}
