/** tRPC procedures for policies and the audit trail. */
import type { DeclarePolicyInput, ListAuditInput, RemovePolicyInput, ValidatePolicyFileInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const policyRouter = router({
  list: procedure.query(({ ctx }) => ctx.services.policies.list(ctx.actor)),
  declare: procedure.input(typed<DeclarePolicyInput>()).mutation(({ ctx, input }) => ctx.services.policies.declare(ctx.actor, input)),
  remove: procedure.input(typed<RemovePolicyInput>()).mutation(({ ctx, input }) => ctx.services.policies.remove(ctx.actor, input)),
  reload: procedure.mutation(({ ctx }) => ctx.services.policies.reload(ctx.actor)),
  // A mutation only so the file text travels in a POST body (a query would put it in the URL); it changes nothing.
  validate: procedure.input(typed<ValidatePolicyFileInput>()).mutation(({ ctx, input }) => ctx.services.policies.validate(ctx.actor, input)),
  audit: procedure.input(typed<ListAuditInput | undefined>()).query(({ ctx, input }) => ctx.services.policies.audit(ctx.actor, input ?? {})),
});
