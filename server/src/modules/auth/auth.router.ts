/** tRPC procedures for logging in, accounts, projects and agent tokens. */
import type {
  AccountRefInput,
  AgentTokenRefInput,
  CreateAccountInput,
  CreateProjectInput,
  IssueAgentTokenInput,
  LoginInput,
  ProjectMemberInput,
} from '@agent-coordinator/shared';
import { identityProcedure, procedure, publicProcedure, router, typed } from '../../trpc/trpc.ts';

export const authRouter = router({
  login: publicProcedure.input(typed<LoginInput>()).mutation(({ ctx, input }) => ctx.services.auth.login(input, ctx.clientAddress)),
  logout: identityProcedure.mutation(({ ctx }) => ctx.services.auth.logout(ctx.identity)),
  whoami: identityProcedure.query(({ ctx }) => ctx.services.auth.whoami(ctx.identity, ctx.project)),
  createAccount: identityProcedure.input(typed<CreateAccountInput>()).mutation(({ ctx, input }) => ctx.services.auth.createAccount(ctx.identity, input)),
  listAccounts: identityProcedure.query(({ ctx }) => ctx.services.auth.listAccounts(ctx.identity)),
  disableAccount: identityProcedure.input(typed<AccountRefInput>()).mutation(({ ctx, input }) => ctx.services.auth.disableAccount(ctx.identity, input)),
  createProject: identityProcedure.input(typed<CreateProjectInput>()).mutation(({ ctx, input }) => ctx.services.auth.createProject(ctx.identity, input)),
  listProjects: identityProcedure.query(({ ctx }) => ctx.services.auth.listProjects(ctx.identity)),
  addMember: identityProcedure.input(typed<ProjectMemberInput>()).mutation(({ ctx, input }) => ctx.services.auth.addMember(ctx.identity, input)),
  removeMember: identityProcedure.input(typed<ProjectMemberInput>()).mutation(({ ctx, input }) => ctx.services.auth.removeMember(ctx.identity, input)),
  issueAgentToken: procedure.input(typed<IssueAgentTokenInput>()).mutation(({ ctx, input }) => ctx.services.auth.issueAgentToken(ctx.actor, input)),
  rotateAgentToken: procedure.input(typed<AgentTokenRefInput>()).mutation(({ ctx, input }) => ctx.services.auth.rotateAgentToken(ctx.actor, input)),
  revokeAgentToken: procedure.input(typed<AgentTokenRefInput>()).mutation(({ ctx, input }) => ctx.services.auth.revokeAgentToken(ctx.actor, input)),
});
