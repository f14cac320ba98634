/** tRPC procedures for the approvals queue. */
import { DecideApprovalInputSchema, GetApprovalInputSchema, ListApprovalsInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const approvalRouter = router({
  list_approvals: procedure.input(parsedOrEmpty('list_approvals', ListApprovalsInputSchema)).query(({ ctx, input }) => ctx.services.approvals.listApprovals(ctx.actor, input)),
  get_approval: procedure.input(parsed('get_approval', GetApprovalInputSchema)).query(({ ctx, input }) => ctx.services.approvals.getApproval(ctx.actor, input)),
  approve_request: procedure.input(parsed('approve_request', DecideApprovalInputSchema)).mutation(({ ctx, input }) => ctx.services.approvals.approveRequest(ctx.actor, input)),
  reject_request: procedure.input(parsed('reject_request', DecideApprovalInputSchema)).mutation(({ ctx, input }) => ctx.services.approvals.rejectRequest(ctx.actor, input)),
});
