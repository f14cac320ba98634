/**
 * Accounts, credentials and projects. Humans log in with a name and password and get a session token;
 * agents get an API token when a human registers them. Every call carries its token as
 * `Authorization: Bearer <token>` (WebSocket: connection param `token`; CLI: `--token` or
 * `COORDINATOR_TOKEN`) and names its project with `X-Coordinator-Project` (`project` / `--project` /
 * `COORDINATOR_PROJECT`) unless the token is an agent's (bound to one project) or the account belongs to
 * only one project.
 */
import * as z from 'zod';
import { AgentKindSchema } from './agent.ts';
import { AgentNameSchema, AgentRefSchema, CapabilitiesSchema, TimestampSchema, UuidSchema } from './common.ts';


export const ROLES = ['admin', 'member', 'agent'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
export const AccountRoleSchema = z.enum(['admin', 'member'], { error: 'expected admin or member' });

export const ProjectNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { error: 'project names are 1–63 lower-case letters, digits, dot, dash or underscore, such as web-app' });
export const AccountNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/, { error: 'account names are 1–63 letters, digits, dot, dash, underscore or @' });
/** bcrypt reads at most 72 bytes: longer passwords would be silently cut, so they are refused. */
export const PasswordSchema = z
  .string()
  .min(12, { error: 'passwords need at least 12 characters' })
  .refine((p) => new TextEncoder().encode(p).length <= 72, { error: 'passwords may be at most 72 bytes (a bcrypt limit)' });

export const LoginInputSchema = z.strictObject({
  name: AccountNameSchema,
  password: z.string().min(1, { error: 'give the password' }).max(200),
  /** How long the session lasts; 7 days unless asked. */
  expires_in_hours: z.number().int().min(1).max(24 * 90).default(24 * 7),
});
export type LoginInput = z.input<typeof LoginInputSchema>;

export const AccountSchema = z.object({
  account_id: UuidSchema,
  name: z.string(),
  role: AccountRoleSchema,
  projects: z.array(z.string()),
  disabled: z.boolean(),
  created_at: TimestampSchema,
});
export type Account = z.infer<typeof AccountSchema>;

/**
 * A disabled account: it can no longer log in, its sessions are revoked, and so are the tokens of the
 * agents it registered (`agent_tokens_revoked` of them) — an admin issues new ones to hand an agent over.
 */
export const DisabledAccountSchema = AccountSchema.extend({ agent_tokens_revoked: z.number().int().min(0) });
export type DisabledAccount = z.infer<typeof DisabledAccountSchema>;

export const LoginResultSchema = z.object({ token: z.string(), expires_at: TimestampSchema, account: AccountSchema });
export type LoginResult = z.infer<typeof LoginResultSchema>;

export const WhoAmISchema = z.object({
  /** `local`: single-user local mode, no accounts; `accounts`: every call is authenticated. */
  mode: z.enum(['local', 'accounts']),
  role: RoleSchema,
  /** Null when the account belongs to several projects and the call named none. */
  project: z.string().nullable(),
  account: z.string().nullable(),
  agent_id: UuidSchema.nullable(),
  agent_name: z.string().nullable(),
  projects: z.array(z.string()),
});
export type WhoAmI = z.infer<typeof WhoAmISchema>;

export const CreateAccountInputSchema = z.strictObject({
  name: AccountNameSchema,
  password: PasswordSchema,
  role: AccountRoleSchema.default('member'),
  projects: z.array(ProjectNameSchema).max(100).default([]),
});
export type CreateAccountInput = z.input<typeof CreateAccountInputSchema>;

export const AccountRefInputSchema = z.strictObject({ account: AccountNameSchema });
export type AccountRefInput = z.input<typeof AccountRefInputSchema>;

export const CreateProjectInputSchema = z.strictObject({ name: ProjectNameSchema });
export type CreateProjectInput = z.input<typeof CreateProjectInputSchema>;

export const ProjectMemberInputSchema = z.strictObject({ project: ProjectNameSchema, account: AccountNameSchema });
export type ProjectMemberInput = z.input<typeof ProjectMemberInputSchema>;

/**
 * Registers an agent in the caller's project, owned by the caller, and issues its API token (shown once).
 * Kind and capabilities work as in `register_agent`: left out, an existing agent keeps its own.
 */
export const IssueAgentTokenInputSchema = z.strictObject({
  name: AgentNameSchema,
  kind: AgentKindSchema.optional(),
  capabilities: CapabilitiesSchema.optional(),
});
export type IssueAgentTokenInput = z.input<typeof IssueAgentTokenInputSchema>;

export const AgentTokenRefInputSchema = z.strictObject({ agent_id: AgentRefSchema });
export type AgentTokenRefInput = z.input<typeof AgentTokenRefInputSchema>;

export const AgentTokenResultSchema = z.object({ agent_id: UuidSchema, name: z.string(), project: z.string(), token: z.string() });
export type AgentTokenResult = z.infer<typeof AgentTokenResultSchema>;
