/** tRPC procedures for the approvals queue. */
import { DecideApprovalInputSchema, GetApprovalInputSchema, ListApprovalsInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const approvalRouter = router({
  list: procedure.input(parsedOrEmpty('list_approvals', ListApprovalsInputSchema)).query(({ ctx, input }) => ctx.services.approvals.list(ctx.actor, input)),
  get: procedure.input(parsed('get_approval', GetApprovalInputSchema)).query(({ ctx, input }) => ctx.services.approvals.get(ctx.actor, input)),
  approve: procedure.input(parsed('approve_request', DecideApprovalInputSchema)).mutation(({ ctx, input }) => ctx.services.approvals.approve(ctx.actor, input)),
  reject: procedure.input(parsed('reject_request', DecideApprovalInputSchema)).mutation(({ ctx, input }) => ctx.services.approvals.reject(ctx.actor, input)),
});
