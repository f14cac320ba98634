/**
 * Logging in and agent tokens. `login NAME` reads the password from stdin (a prompt without echo at a
 * terminal, else the first piped line), saves the session token for this server URL in the state file
 * (mode 0600) and never prints it; `logout` revokes that session and forgets it; `whoami` says who the
 * server takes this command for. `issue-agent-token|rotate-agent-token AGENT` (aliases `token issue|rotate`)
 * print an agent's token — the only output that ever shows one — as an `export COORDINATOR_TOKEN=...`
 * line, so `eval "$(agent-coordinator issue-agent-token bot)"` works; `revoke-agent-token AGENT` ends it.
 */
import {
  AgentTokenRefInputSchema,
  CoordinatorError,
  IssueAgentTokenInputSchema,
  LoginInputSchema,
  PROJECT_ENV,
  TOKEN_ENV,
  parseInput,
  type AgentTokenResult,
} from '@agent-coordinator/shared';
import { noExtra, parsePairs, splitList, UsageError } from './args.ts';
import { parseCommand, type Session } from './client.ts';
import { tokenOrigin } from './credentials.ts';
import { list, show } from './output.ts';
import { readSecret } from './secret-input.ts';
import { readState } from './state.ts';

export async function loginCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv, { values: ['hours'] });
  const [name, ...extra] = args.positionals;
  // Not echoed: a second argument is most likely a password typed where it must not go.
  if (extra.length > 0) throw new UsageError('login takes only the account name: the password is read from stdin, never from the command line');
  if (name === undefined) throw new UsageError('give the account name: agent-coordinator login NAME (the password is read from stdin, never from the command line)');
  const hours = args.values.get('hours');
  const fields = parseInput('login', LoginInputSchema.omit({ password: true }), { name, ...(hours !== undefined ? { expires_in_hours: Number(hours) } : {}) });
  const password = await readSecret(`Password for ${name} at ${session.url}: `);
  const result = await session.call((c) => c.login.mutate({ ...fields, password }));
  const wanted = args.values.get('project');
  const project = wanted !== undefined && result.account.projects.includes(wanted) ? wanted : undefined;
  await session.rememberLogin({ token: result.token, account: result.account.name, expires_at: result.expires_at, ...(project !== undefined ? { project } : {}) });
  if (wanted !== undefined && project === undefined) {
    process.stderr.write(`agent-coordinator: warning: ${result.account.name} is not a member of project "${wanted}"; no default project was saved\n`);
  }
  if (process.env[TOKEN_ENV]) process.stderr.write(`agent-coordinator: warning: ${TOKEN_ENV} is set and takes precedence over this login; unset it to use the login\n`);
  const { token: _token, ...shown } = result;
  show(session, { ...shown, project: project ?? null, saved_in: session.stateFile }, () => {
    const projects = result.account.projects;
    const scope =
      project !== undefined
        ? `commands use project ${project} unless --project or ${PROJECT_ENV} say otherwise`
        : projects.length === 1
          ? `commands use project ${projects[0] ?? ''}`
          : projects.length === 0
            ? 'no project yet: ask an admin to add you (add-member PROJECT NAME)'
            : `name the project with --project or ${PROJECT_ENV} (or log in again with --project NAME to make it the default)`;
    return [
      `logged in to ${session.url} as ${result.account.name} (${result.account.role}) until ${result.expires_at}`,
      `projects: ${list(projects)} — ${scope}`,
      `the session is saved in ${session.stateFile}; \`agent-coordinator logout\` ends it`,
    ].join('\n');
  });
}

export async function logoutCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  noExtra(args.positionals);
  // The saved login is the one to end, whatever --token or COORDINATOR_TOKEN present for other commands.
  const saved = (await readState(session.stateFile)).sessions[session.url];
  const presented = await session.credentials();
  const expired = saved !== undefined && !(Date.parse(saved.expires_at) > Date.now());
  const target: Session | null = saved
    ? expired
      ? null
      : session.presenting({ token: saved.token, tokenFrom: 'login', project: undefined, login: { ...saved, expired } })
    : presented.token !== undefined
      ? session
      : null;
  if (!saved && !target) return show(session, { revoked: false }, () => `not logged in to ${session.url}`);
  let outcome: 'revoked' | 'ended' | 'no-session' = 'ended';
  if (target) {
    try {
      outcome = (await target.call((c) => c.logout.mutate())).revoked ? 'revoked' : 'no-session';
    } catch (error) {
      // Unreachable or refused for another reason: the session may still work, so it is kept to retry.
      if (!(error instanceof CoordinatorError && error.code === 'UNAUTHENTICATED')) {
        throw new CoordinatorError(error instanceof CoordinatorError ? error.code : 'UNAVAILABLE', `logout: the session was not revoked and is kept — ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  if (saved) await session.rememberLogin(null);
  const who = saved ? saved.account : 'the session';
  show(session, { revoked: outcome === 'revoked', forgotten: saved !== undefined }, () => {
    if (outcome === 'revoked') return `logged out of ${session.url}: the session of ${who} is revoked${saved ? ' and forgotten' : ''}`;
    if (outcome === 'ended') return `the login of ${who} at ${session.url} had already ended${saved ? '; forgotten' : ''}`;
    return `nothing to revoke: ${tokenOrigin(presented) ?? 'this'} is not a login session (local mode, or an agent token — end those with \`revoke-agent-token AGENT\`)`;
  });
}

export async function whoamiCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  noExtra(args.positionals);
  const me = await session.call((c) => c.whoami.query());
  const presented = await session.credentials();
  const agentId = me.agent_id;
  const agentName = agentId === null ? null : ((await session.call((c) => c.get_agent.query({ agent_id: agentId })).catch(() => null))?.name ?? agentId);
  show(session, me, () => {
    if (me.mode === 'local') return `${session.url} is in single-user local mode (no accounts): you act as its admin, in project ${me.project}`;
    const origin = presented.tokenFrom === 'login' && presented.login ? `your login, saved until ${presented.login.expires_at}` : (tokenOrigin(presented) ?? 'no token');
    if (agentName !== null) return `agent ${agentName} (agent id ${agentId ?? ''}) in project ${me.project} at ${session.url} — ${origin}`;
    return [`${me.account ?? '?'} (${me.role}) in project ${me.project} at ${session.url} — ${origin}`, `projects: ${list(me.projects)}`].join('\n');
  });
}

export async function issueAgentTokenCommand(argv: readonly string[]): Promise<void> {
  const { session, agent, rest } = agentArgument(argv, 'issue-agent-token AGENT [kind=claude-code] [capabilities=a,b]');
  const pairs = parsePairs(rest, ['kind', 'capabilities'] as const);
  const input = parseInput('issue_agent_token', IssueAgentTokenInputSchema, {
    name: agent,
    ...(pairs.kind !== undefined ? { kind: pairs.kind } : {}),
    ...(pairs.capabilities !== undefined ? { capabilities: splitList(pairs.capabilities) } : {}),
  });
  const issued = await session.call((c) => c.issue_agent_token.mutate(input));
  show(session, issued, () => tokenText(issued, 'issued'));
}

export async function rotateAgentTokenCommand(argv: readonly string[]): Promise<void> {
  const { session, agent, rest } = agentArgument(argv, 'rotate-agent-token AGENT');
  noExtra(rest);
  const input = parseInput('rotate_agent_token', AgentTokenRefInputSchema, { agent_id: agent });
  const rotated = await session.call((c) => c.rotate_agent_token.mutate(input));
  show(session, rotated, () => tokenText(rotated, 'rotated'));
}

export async function revokeAgentTokenCommand(argv: readonly string[]): Promise<void> {
  const { session, agent, rest } = agentArgument(argv, 'revoke-agent-token AGENT');
  noExtra(rest);
  const input = parseInput('revoke_agent_token', AgentTokenRefInputSchema, { agent_id: agent });
  const result = await session.call((c) => c.revoke_agent_token.mutate(input));
  show(session, result, () =>
    result.revoked > 0 ? `revoked the token of ${agent} (agent id ${result.agent_id}): it no longer works` : `${agent} (agent id ${result.agent_id}) had no live token`,
  );
}

function agentArgument(argv: readonly string[], usage: string): { session: Session; agent: string; rest: readonly string[] } {
  const { args, session } = parseCommand(argv);
  const [agent, ...rest] = args.positionals;
  if (agent === undefined) throw new UsageError(`give the agent: agent-coordinator ${usage}`);
  return { session, agent, rest };
}

/** Comment lines and one export line: readable, and `eval`-able as it is. The token is safe unquoted (act_ + base64url). */
function tokenText(result: AgentTokenResult, verb: 'issued' | 'rotated'): string {
  return [
    `# ${verb} the token of agent ${result.name} (agent id ${result.agent_id}) in project ${result.project}; any earlier token of ${result.name} no longer works.`,
    '# It is shown only this once: give it to the agent now (it is bound to this agent and project).',
    `export ${TOKEN_ENV}=${result.token}`,
  ].join('\n');
}
