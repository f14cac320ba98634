/**
 * What the client commands print about policies: each warning as an `agent-coordinator: warning:` line
 * on stderr (the result itself still goes to stdout, so scripts reading it are not disturbed), and a
 * change a policy escalated as a PendingApprovalError (exit code 6) naming the approval to ask about.
 */
import type { PendingApproval } from '@agent-coordinator/shared';
import { PendingApprovalError } from './output.ts';

export function printWarnings(result: { readonly warnings?: readonly string[] | undefined }): void {
  for (const warning of result.warnings ?? []) process.stderr.write(`agent-coordinator: warning: ${warning}\n`);
}

export const pendingText = (pending: PendingApproval): string => `pending approval ${pending.approval_id} (policy ${pending.policy}): ${pending.message}`;

/** Throws when the change waits for a human; call after printing the result. */
export function failIfPending(pending: PendingApproval | undefined, what: string): void {
  if (pending) {
    throw new PendingApprovalError(
      `${what} is waiting for approval ${pending.approval_id} (policy ${pending.policy}) — a human runs \`agent-coordinator approve-request ${pending.approval_id}\` or reject-request`,
    );
  }
}
