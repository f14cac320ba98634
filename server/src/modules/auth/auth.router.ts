/** tRPC procedures for logging in, accounts, projects and agent tokens. */
import type * as z from 'zod';
import {
  AccountRefInputSchema,
  AgentTokenRefInputSchema,
  CreateAccountInputSchema,
  CreateProjectInputSchema,
  IssueAgentTokenInputSchema,
  LoginInputSchema,
  ProjectMemberInputSchema,
} from '@agent-coordinator/shared';
import { identityProcedure, parsed, procedure, publicProcedure, router } from '../../trpc/trpc.ts';
import { requireAdmin } from './identity.ts';

/**
 * An administration procedure (accounts, projects, members): the admin check runs before the input is
 * parsed — tRPC 11 runs middlewares and input parsers in the order they are chained — so a member sending
 * a malformed request is told FORBIDDEN, not how to fix the request. The service checks again: it is the
 * authority for callers that do not come through here.
 */
const adminProcedure = <S extends z.ZodType>(operation: string, schema: S) =>
  identityProcedure
    .use(({ ctx, next }) => {
      requireAdmin(ctx.identity, operation);
      return next();
    })
    .input(parsed(operation, schema));

export const authRouter = router({
  login: publicProcedure.input(parsed('login', LoginInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.login(input, ctx.clientAddress)),
  logout: identityProcedure.mutation(({ ctx }) => ctx.services.auth.logout(ctx.identity)),
  whoami: identityProcedure.query(({ ctx }) => ctx.services.auth.whoami(ctx.identity, ctx.project)),
  create_account: adminProcedure('create_account', CreateAccountInputSchema).mutation(({ ctx, input }) => ctx.services.auth.createAccount(ctx.identity, input)),
  list_accounts: identityProcedure.query(({ ctx }) => ctx.services.auth.listAccounts(ctx.identity)),
  disable_account: adminProcedure('disable_account', AccountRefInputSchema).mutation(({ ctx, input }) => ctx.services.auth.disableAccount(ctx.identity, input)),
  create_project: adminProcedure('create_project', CreateProjectInputSchema).mutation(({ ctx, input }) => ctx.services.auth.createProject(ctx.identity, input)),
  list_projects: identityProcedure.query(({ ctx }) => ctx.services.auth.listProjects(ctx.identity)),
  add_member: adminProcedure('add_member', ProjectMemberInputSchema).mutation(({ ctx, input }) => ctx.services.auth.addMember(ctx.identity, input)),
  remove_member: adminProcedure('remove_member', ProjectMemberInputSchema).mutation(({ ctx, input }) => ctx.services.auth.removeMember(ctx.identity, input)),
  issue_agent_token: procedure.input(parsed('issue_agent_token', IssueAgentTokenInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.issueAgentToken(ctx.actor, input)),
  rotate_agent_token: procedure.input(parsed('rotate_agent_token', AgentTokenRefInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.rotateAgentToken(ctx.actor, input)),
  revoke_agent_token: procedure.input(parsed('revoke_agent_token', AgentTokenRefInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.revokeAgentToken(ctx.actor, input)),
});
