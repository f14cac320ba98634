/** tRPC procedures for logging in, accounts, projects and agent tokens. */
import {
  AgentTokenRefInputSchema,
  IssueAgentTokenInputSchema,
  LoginInputSchema,
  type AccountRefInput,
  type CreateAccountInput,
  type CreateProjectInput,
  type ProjectMemberInput,
} from '@agent-coordinator/shared';
import { identityProcedure, parsed, procedure, publicProcedure, router, typed } from '../../trpc/trpc.ts';

/**
 * The administration procedures (accounts, projects, members) keep `typed`: their service checks that the
 * caller is an admin before it parses, so a member sending a malformed request is told FORBIDDEN, not how
 * to fix the request.
 */
export const authRouter = router({
  login: publicProcedure.input(parsed('login', LoginInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.login(input, ctx.clientAddress)),
  logout: identityProcedure.mutation(({ ctx }) => ctx.services.auth.logout(ctx.identity)),
  whoami: identityProcedure.query(({ ctx }) => ctx.services.auth.whoami(ctx.identity, ctx.project)),
  create_account: identityProcedure.input(typed<CreateAccountInput>('create_account')).mutation(({ ctx, input }) => ctx.services.auth.createAccount(ctx.identity, input)),
  list_accounts: identityProcedure.query(({ ctx }) => ctx.services.auth.listAccounts(ctx.identity)),
  disable_account: identityProcedure.input(typed<AccountRefInput>('disable_account')).mutation(({ ctx, input }) => ctx.services.auth.disableAccount(ctx.identity, input)),
  create_project: identityProcedure.input(typed<CreateProjectInput>('create_project')).mutation(({ ctx, input }) => ctx.services.auth.createProject(ctx.identity, input)),
  list_projects: identityProcedure.query(({ ctx }) => ctx.services.auth.listProjects(ctx.identity)),
  add_member: identityProcedure.input(typed<ProjectMemberInput>('add_member')).mutation(({ ctx, input }) => ctx.services.auth.addMember(ctx.identity, input)),
  remove_member: identityProcedure.input(typed<ProjectMemberInput>('remove_member')).mutation(({ ctx, input }) => ctx.services.auth.removeMember(ctx.identity, input)),
  issue_agent_token: procedure.input(parsed('issue_agent_token', IssueAgentTokenInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.issueAgentToken(ctx.actor, input)),
  rotate_agent_token: procedure.input(parsed('rotate_agent_token', AgentTokenRefInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.rotateAgentToken(ctx.actor, input)),
  revoke_agent_token: procedure.input(parsed('revoke_agent_token', AgentTokenRefInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.revokeAgentToken(ctx.actor, input)),
});
