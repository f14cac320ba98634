/**
 * Accounts, sessions, agent tokens and projects, and turning a presented token into an `Identity`.
 *
 * The server is in single-user local mode while no account exists (main.ts refuses to bind anything but
 * loopback then); the first account — from COORDINATOR_ADMIN_PASSWORD at startup or `account create` in
 * local mode — switches it to accounts mode, where every call needs a token. Secrets never leave this
 * module except as the one-time answer to login / issueAgentToken; errors never echo them.
 */
import {
  CoordinatorError,
  CreateAccountInputSchema,
  parseInput,
  type Account,
  type AccountRefInputSchema,
  type AgentTokenRefInputSchema,
  type AgentTokenResult,
  type CreateProjectInputSchema,
  type DisabledAccount,
  type IssueAgentTokenInputSchema,
  type LoginInputSchema,
  type LoginResult,
  type Parsed,
  type ProjectMemberInputSchema,
  type WhoAmI,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Database, Sql } from '../../db/database.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { AgentService } from '../agent/agent.service.ts';
import { requireAgent } from '../agent/agent-lookup.ts';
import { AuthRepository } from './auth.repository.ts';
import { newCredentialToken, parseCredentialToken, secretMatches } from './credential-token.ts';
import { actorFor, requireAdmin, type Identity } from './identity.ts';
import { watchCredential, type CredentialWatch } from './credential-watch.ts';
import { hashPassword, passwordMatches } from './password.ts';
import { RateLimiter } from './rate-limiter.ts';

/** In local mode, how often to look again whether an account has appeared (another replica, the CLI). */
const LOCAL_MODE_RECHECK_MS = 1000;

const unauthenticated = (why: string): CoordinatorError =>
  new CoordinatorError('UNAUTHENTICATED', `${why} — log in (agent-coordinator login NAME) or pass an agent token (--token / COORDINATOR_TOKEN / Authorization: Bearer)`);

export class AuthService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #agents: AgentService;
  readonly #repo = new AuthRepository();
  readonly #loginsPerAddress = new RateLimiter('login/address', 20, 60);
  readonly #loginsPerAccount = new RateLimiter('login/account', 10, 60);
  readonly #badTokensPerAddress = new RateLimiter('bad-token/address', 30, 60);
  readonly #tokenIssuesPerCaller = new RateLimiter('token-issue/caller', 30, 60);
  #accounts = false;
  #checkedAt = 0;

  readonly #credentialRecheckMs: number;

  constructor(db: Database, transactor: Transactor, agents: AgentService, options: { readonly credentialRecheckMs: number }) {
    this.#db = db;
    this.#transactor = transactor;
    this.#credentialRecheckMs = options.credentialRecheckMs;
    this.#agents = agents;
  }

  /** Creates the first admin (member of `local`) when there is no account yet; false when there was one. */
  async bootstrapAdmin(name: string, password: string): Promise<boolean> {
    if (await this.#repo.anyAccount(this.#db)) return false;
    await this.createAccount({ kind: 'local' }, parseInput('create_account', CreateAccountInputSchema, { name, password, role: 'admin', projects: ['local'] }));
    return true;
  }

  async accountsMode(): Promise<boolean> {
    if (!this.#accounts && Date.now() - this.#checkedAt >= LOCAL_MODE_RECHECK_MS) {
      this.#accounts = await this.#repo.anyAccount(this.#db);
      this.#checkedAt = Date.now();
    }
    return this.#accounts;
  }

  /** Who `token` is; UNAUTHENTICATED for a missing, malformed, unknown, expired or revoked one in accounts mode. */
  async identify(token: string | null, clientAddress: string): Promise<Identity> {
    if (!(await this.accountsMode())) return { kind: 'local' };
    if (token === null) throw unauthenticated('this server needs a token');
    const parsed = parseCredentialToken(token);
    const credential = parsed ? await this.#repo.liveCredential(this.#db, parsed.id) : null;
    if (!parsed || !credential || !secretMatches(parsed.secret, credential.secretHash)) {
      await this.#badTokensPerAddress.take(this.#db, 'authenticate', clientAddress);
      throw unauthenticated('the token is not valid (unknown, expired or revoked)');
    }
    if (credential.kind === 'agent') {
      return { kind: 'agent', credentialId: credential.id, agentId: credential.agentId, agentName: credential.agentName, project: credential.project };
    }
    const account = await this.#repo.accountById(this.#db, credential.accountId);
    if (!account || account.disabled) throw unauthenticated('the account is disabled');
    return { kind: 'session', credentialId: credential.id, account: { id: account.account_id, name: account.name }, role: account.role, projects: account.projects };
  }

  /** Keeps checking the token of a long-lived call (credential-watch.ts). */
  watch(token: string | null, clientAddress: string, signal?: AbortSignal): CredentialWatch {
    return watchCredential((t, address) => this.identify(t, address), token, clientAddress, this.#credentialRecheckMs, signal);
  }

  actorFor(identity: Identity, project: string | null): Actor {
    return actorFor(identity, project);
  }

  async login(input: Parsed<typeof LoginInputSchema>, clientAddress: string): Promise<LoginResult> {
    await this.#loginsPerAddress.take(this.#db, 'login', clientAddress);
    await this.#loginsPerAccount.take(this.#db, 'login', input.name);
    const stored = await this.#repo.accountByName(this.#db, input.name);
    const ok = await passwordMatches(input.password, stored?.passwordHash ?? null);
    if (!stored || !ok || stored.account.disabled) throw new CoordinatorError('UNAUTHENTICATED', 'login: wrong account name or password');
    const credential = newCredentialToken();
    const expiresAt = await this.#repo.insertSession(this.#db, credential.id, credential.secretHash, stored.account.account_id, input.expires_in_hours);
    return { token: credential.token, expires_at: expiresAt, account: stored.account };
  }

  async logout(identity: Identity): Promise<{ revoked: boolean }> {
    if (identity.kind !== 'session') return { revoked: false };
    await this.#repo.revokeCredential(this.#db, identity.credentialId);
    return { revoked: true };
  }

  /** Who the caller is; works without naming a project even for an account in several (project: null). */
  async whoami(identity: Identity, project: string | null): Promise<WhoAmI> {
    const mode = identity.kind === 'local' ? 'local' : 'accounts';
    if (identity.kind === 'session' && project === null && identity.projects.length !== 1) {
      return { mode, role: identity.role, project: null, account: identity.account.name, agent_id: null, agent_name: null, projects: [...identity.projects] };
    }
    const actor = actorFor(identity, project);
    const projects = identity.kind === 'session' ? [...identity.projects] : [actor.project];
    const agentName = identity.kind === 'agent' ? identity.agentName : null;
    return { mode, role: actor.role, project: actor.project, account: actor.account?.name ?? null, agent_id: actor.agentId, agent_name: agentName, projects };
  }

  async createAccount(identity: Identity, input: Parsed<typeof CreateAccountInputSchema>): Promise<Account> {
    requireAdmin(identity, 'create_account');
    if (input.role !== 'admin' && !(await this.#repo.anyAccount(this.#db))) {
      throw new CoordinatorError('VALIDATION', 'create_account: the first account must be an admin (role=admin), or no one could administer the server', [
        { field: 'role', message: 'the first account must be an admin' },
      ]);
    }
    const hash = await hashPassword(input.password);
    const account = await this.#db.transaction(async (sql) => {
      for (const project of input.projects) await this.#requireProject(sql, 'create_account', project);
      const id = await this.#repo.insertAccount(sql, input.name, input.role, hash);
      if (id === null) throw new CoordinatorError('CONFLICT', `create_account: an account named ${input.name} exists already`, [{ field: 'name', message: 'taken' }]);
      for (const project of input.projects) await this.#repo.addMember(sql, project, id);
      return this.#repo.accountById(sql, id);
    });
    this.#accounts = true;
    if (!account) throw new CoordinatorError('INTERNAL', `create_account: ${input.name} was not stored`);
    return account;
  }

  async listAccounts(identity: Identity): Promise<Account[]> {
    requireAdmin(identity, 'list_accounts');
    return this.#repo.listAccounts(this.#db);
  }

  /**
   * Disables the account: no more logins, its sessions revoked, and the tokens of the agents it
   * registered revoked too — a disabled person's agents stop with them (running subscriptions and MCP
   * sessions within the credential re-check interval). An admin hands an agent over by issuing it a new
   * token (`token rotate`, audited as an override).
   */
  async disableAccount(identity: Identity, input: Parsed<typeof AccountRefInputSchema>): Promise<DisabledAccount> {
    requireAdmin(identity, 'disable_account');
    const account = await this.#requireAccount('disable_account', input.account);
    const revoked = await this.#db.transaction((sql) => this.#repo.disableAccount(sql, account.account_id));
    return { ...account, disabled: true, agent_tokens_revoked: revoked };
  }

  /** Creates a project; the admin creating it becomes a member. */
  async createProject(identity: Identity, input: Parsed<typeof CreateProjectInputSchema>): Promise<{ name: string }> {
    requireAdmin(identity, 'create_project');
    await this.#db.transaction(async (sql) => {
      if (!(await this.#repo.insertProject(sql, input.name))) {
        throw new CoordinatorError('CONFLICT', `create_project: a project named ${input.name} exists already`, [{ field: 'name', message: 'taken' }]);
      }
      if (identity.kind === 'session') await this.#repo.addMember(sql, input.name, identity.account.id);
    });
    return { name: input.name };
  }

  /** The caller's projects (an admin's too: admins see what they are members of, like everyone). */
  async listProjects(identity: Identity): Promise<string[]> {
    if (identity.kind === 'session') return [...identity.projects];
    if (identity.kind === 'agent') return [identity.project];
    return this.#repo.listProjects(this.#db);
  }

  async addMember(identity: Identity, input: Parsed<typeof ProjectMemberInputSchema>): Promise<Account> {
    return this.#changeMembership(identity, 'add_member', input, (project, id) => this.#repo.addMember(this.#db, project, id));
  }

  async removeMember(identity: Identity, input: Parsed<typeof ProjectMemberInputSchema>): Promise<Account> {
    return this.#changeMembership(identity, 'remove_member', input, (project, id) => this.#repo.removeMember(this.#db, project, id));
  }

  /** Registers (or resumes) an agent owned by the caller in the caller's project and issues its token, revoking older ones. */
  async issueAgentToken(actor: Actor, input: Parsed<typeof IssueAgentTokenInputSchema>): Promise<AgentTokenResult> {
    if (actor.agentId !== null) throw new CoordinatorError('FORBIDDEN', 'issue_agent_token: agent tokens are issued by humans, not by agents');
    if (input.kind === 'human') throw humanToken(input.name);
    await this.#tokenIssuesPerCaller.take(this.#db, 'issue_agent_token', actor.account?.id ?? 'local');
    const agent = await this.#agents.registerAgent(actor, input);
    if (agent.kind === 'human') throw humanToken(agent.name);
    return this.#replaceToken(actor, agent.agent_id, agent.name);
  }

  /** Replaces the agent's token. An admin doing it for someone else's agent is recorded (`audit.admin_override`), like any force. */
  async rotateAgentToken(actor: Actor, input: Parsed<typeof AgentTokenRefInputSchema>): Promise<AgentTokenResult> {
    await this.#tokenIssuesPerCaller.take(this.#db, 'rotate_agent_token', actor.account?.id ?? actor.agentId ?? 'local');
    return this.#transactor.run(actor.project, async (tx) => {
      const agent = await requireAgent(tx, actor, 'rotate_agent_token', input.agent_id);
      return this.#replaceTokenWithin(tx, actor, agent.id, agent.name);
    });
  }

  /** Revokes the agent's tokens; audited like `rotateAgentToken`. */
  async revokeAgentToken(actor: Actor, input: Parsed<typeof AgentTokenRefInputSchema>): Promise<{ agent_id: string; revoked: number }> {
    return this.#transactor.run(actor.project, async (tx) => {
      const agent = await requireAgent(tx, actor, 'revoke_agent_token', input.agent_id);
      return { agent_id: agent.id, revoked: await this.#repo.revokeAgentTokens(tx, agent.id) };
    });
  }

  async #replaceToken(actor: Actor, agentId: string, name: string): Promise<AgentTokenResult> {
    return this.#transactor.run(actor.project, (tx) => this.#replaceTokenWithin(tx, actor, agentId, name));
  }

  async #replaceTokenWithin(sql: Sql, actor: Actor, agentId: string, name: string): Promise<AgentTokenResult> {
    const credential = newCredentialToken();
    await this.#repo.replaceAgentToken(sql, credential.id, credential.secretHash, agentId);
    return { agent_id: agentId, name, project: actor.project, token: credential.token };
  }

  async #changeMembership(
    identity: Identity,
    operation: string,
    input: Parsed<typeof ProjectMemberInputSchema>,
    change: (project: string, accountId: string) => Promise<void>,
  ): Promise<Account> {
    requireAdmin(identity, operation);
    await this.#requireProject(this.#db, operation, input.project);
    const account = await this.#requireAccount(operation, input.account);
    await change(input.project, account.account_id);
    return (await this.#repo.accountById(this.#db, account.account_id)) ?? account;
  }

  async #requireProject(sql: Sql, operation: string, project: string): Promise<void> {
    if (!(await this.#repo.projectExists(sql, project))) {
      throw new CoordinatorError('NOT_FOUND', `${operation}: no project "${project}" — create it first (project create ${project})`, [{ field: 'project', message: 'unknown project' }]);
    }
  }

  async #requireAccount(operation: string, name: string): Promise<Account> {
    const stored = await this.#repo.accountByName(this.#db, name);
    if (!stored) throw new CoordinatorError('NOT_FOUND', `${operation}: no account "${name}"`, [{ field: 'account', message: 'unknown account' }]);
    return stored.account;
  }
}

/** Kind human belongs to a person's session: a token standing for a human agent would let a program pass for one. */
const humanToken = (name: string): CoordinatorError =>
  new CoordinatorError(
    'FORBIDDEN',
    `issue_agent_token: ${name} is a human agent, and kind human belongs to a person's session, never to a token — issue the token for an agent of an AI kind (kind=claude-code, copilot, cursor, cli or other)`,
    [{ field: 'kind', message: 'no agent tokens for human agents' }],
  );
