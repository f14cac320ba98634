/** tRPC procedures for policies and the audit trail. */
import { DeclarePolicyInputSchema, ListAuditInputSchema, RemovePolicyInputSchema, ValidatePolicyFileInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const policyRouter = router({
  list_policies: procedure.query(({ ctx }) => ctx.services.policies.listPolicies(ctx.actor)),
  declare_policy: procedure.input(parsed('declare_policy', DeclarePolicyInputSchema)).mutation(({ ctx, input }) => ctx.services.policies.declarePolicy(ctx.actor, input)),
  remove_policy: procedure.input(parsed('remove_policy', RemovePolicyInputSchema)).mutation(({ ctx, input }) => ctx.services.policies.removePolicy(ctx.actor, input)),
  reload_policies: procedure.mutation(({ ctx }) => ctx.services.policies.reloadPolicies(ctx.actor)),
  // A mutation only so the file text travels in a POST body (a query would put it in the URL); it changes nothing.
  validate_policies: procedure.input(parsed('validate_policies', ValidatePolicyFileInputSchema)).mutation(({ ctx, input }) => ctx.services.policies.validatePolicies(ctx.actor, input)),
  get_audit_trail: procedure.input(parsedOrEmpty('get_audit_trail', ListAuditInputSchema)).query(({ ctx, input }) => ctx.services.policies.getAuditTrail(ctx.actor, input)),
});
