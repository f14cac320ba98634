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
  createAccount: identityProcedure.input(typed<CreateAccountInput>()).mutation(({ ctx, input }) => ctx.services.auth.createAccount(ctx.identity, input)),
  listAccounts: identityProcedure.query(({ ctx }) => ctx.services.auth.listAccounts(ctx.identity)),
  disableAccount: identityProcedure.input(typed<AccountRefInput>()).mutation(({ ctx, input }) => ctx.services.auth.disableAccount(ctx.identity, input)),
  createProject: identityProcedure.input(typed<CreateProjectInput>()).mutation(({ ctx, input }) => ctx.services.auth.createProject(ctx.identity, input)),
  listProjects: identityProcedure.query(({ ctx }) => ctx.services.auth.listProjects(ctx.identity)),
  addMember: identityProcedure.input(typed<ProjectMemberInput>()).mutation(({ ctx, input }) => ctx.services.auth.addMember(ctx.identity, input)),
  removeMember: identityProcedure.input(typed<ProjectMemberInput>()).mutation(({ ctx, input }) => ctx.services.auth.removeMember(ctx.identity, input)),
  issueAgentToken: procedure.input(parsed('issue_agent_token', IssueAgentTokenInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.issueAgentToken(ctx.actor, input)),
  rotateAgentToken: procedure.input(parsed('rotate_agent_token', AgentTokenRefInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.rotateAgentToken(ctx.actor, input)),
  revokeAgentToken: procedure.input(parsed('revoke_agent_token', AgentTokenRefInputSchema)).mutation(({ ctx, input }) => ctx.services.auth.revokeAgentToken(ctx.actor, input)),
});
