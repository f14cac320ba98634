/** tRPC procedures for the approvals queue. */
import type { DecideApprovalInput, GetApprovalInput, ListApprovalsInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const approvalRouter = router({
  list: procedure.input(typed<ListApprovalsInput | undefined>()).query(({ ctx, input }) => ctx.services.approvals.list(ctx.actor, input ?? {})),
  get: procedure.input(typed<GetApprovalInput>()).query(({ ctx, input }) => ctx.services.approvals.get(ctx.actor, input)),
  approve: procedure.input(typed<DecideApprovalInput>()).mutation(({ ctx, input }) => ctx.services.approvals.approve(ctx.actor, input)),
  reject: procedure.input(typed<DecideApprovalInput>()).mutation(({ ctx, input }) => ctx.services.approvals.reject(ctx.actor, input)),
});
