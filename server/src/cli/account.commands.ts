/**
 * Accounts and projects (admins; on a server still in single-user local mode, whoever runs the CLI).
 * The aliases `account create|list|disable` and `project create|list|add-member|remove-member` are the
 * older group form.
 *
 *   create-account NAME [role=admin|member] [projects=a,b]   the password is read from stdin
 *   list-accounts | disable-account NAME
 *   create-project NAME | list-projects | add-member PROJECT ACCOUNT | remove-member PROJECT ACCOUNT
 *
 * The first account switches the server to accounts mode, so from local mode it must be an admin: a
 * server whose only account cannot administer would need a restart with COORDINATOR_ADMIN_PASSWORD.
 */
import {
  AccountRefInputSchema,
  CreateAccountInputSchema,
  CreateProjectInputSchema,
  ProjectMemberInputSchema,
  parseInput,
  type Account,
} from '@agent-coordinator/shared';
import { noExtra, parsePairs, splitList, UsageError } from './args.ts';
import { parseCommand } from './client.ts';
import { list, show, table } from './output.ts';
import { readNewSecret } from './secret-input.ts';

const accountText = (a: Account): string => `${a.name} (${a.role}${a.disabled ? ', disabled' : ''}; projects: ${list(a.projects)})`;

export async function createAccountCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [name, ...more] = rest;
  if (name === undefined) throw new UsageError('give the account a name: agent-coordinator create-account NAME [role=admin|member] [projects=a,b] (the password is read from stdin)');
  // Not echoed: a bare word here is most likely a password typed where it must not go.
  if (more.some((arg) => !arg.includes('='))) throw new UsageError('create-account takes NAME and role=/projects= only: the password is read from stdin, never from the command line');
  const pairs = parsePairs(more, ['role', 'projects'] as const);
  const fields = parseInput('create_account', CreateAccountInputSchema.omit({ password: true }), {
    name,
    ...(pairs.role !== undefined ? { role: pairs.role } : {}),
    projects: splitList(pairs.projects),
  });
  const presented = await session.credentials();
  const local = presented.token === undefined && (await session.call((c) => c.whoami.query())).mode === 'local';
  if (local && fields.role !== 'admin') {
    throw new UsageError(`the first account must be an admin (role=admin): once it exists every call needs a token, and only admins manage accounts — agent-coordinator create-account ${name} role=admin projects=local`);
  }
  const password = await readNewSecret(`Password for the new account ${name} (12+ characters): `);
  const input = parseInput('create_account', CreateAccountInputSchema, { ...fields, password });
  const account = await session.call((c) => c.create_account.mutate(input));
  return show(session, account, () =>
    [
      `created account ${accountText(account)}`,
      ...(local ? [`${session.url} has accounts now: every call needs a token — log in: agent-coordinator login ${account.name}`] : []),
    ].join('\n'),
  );
}

export async function listAccountsCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  noExtra(rest);
  const accounts = await session.call((c) => c.list_accounts.query());
  return show(session, accounts, () =>
    accounts.length === 0
      ? 'no accounts (single-user local mode)'
      : table(
          ['name', 'role', 'projects', 'status', 'created'],
          accounts.map((a) => [a.name, a.role, list(a.projects), a.disabled ? 'disabled' : 'active', a.created_at.slice(0, 10)]),
        ),
  );
}

export async function disableAccountCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [name] = rest;
  noExtra(rest, 1);
  if (name === undefined) throw new UsageError('give the account: agent-coordinator disable-account NAME');
  const input = parseInput('disable_account', AccountRefInputSchema, { account: name });
  const account = await session.call((c) => c.disable_account.mutate(input));
  return show(
    session,
    account,
    () =>
      `disabled ${account.name}: it can no longer log in, its sessions no longer work, and the tokens of the agents it registered were revoked (${account.agent_tokens_revoked}); ` +
      'running subscriptions and MCP sessions end within the credential re-check interval — to keep one of its agents working, issue it a new token: agent-coordinator rotate-agent-token AGENT',
  );
}

export async function createProjectCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [name] = rest;
  noExtra(rest, 1);
  if (name === undefined) throw new UsageError('give the project a name: agent-coordinator create-project NAME');
  const input = parseInput('create_project', CreateProjectInputSchema, { name });
  const project = await session.call((c) => c.create_project.mutate(input));
  return show(session, project, () => `created project ${project.name}; add members with: agent-coordinator add-member ${project.name} ACCOUNT`);
}

export async function listProjectsCommand(argv: readonly string[]): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  noExtra(rest);
  const projects = await session.call((c) => c.list_projects.query());
  return show(session, projects, () => (projects.length === 0 ? 'no projects' : projects.join('\n')));
}

export const addMemberCommand = (argv: readonly string[]): Promise<void> => membership(argv, 'add-member');
export const removeMemberCommand = (argv: readonly string[]): Promise<void> => membership(argv, 'remove-member');

async function membership(argv: readonly string[], sub: 'add-member' | 'remove-member'): Promise<void> {
  const { args: { positionals: rest }, session } = parseCommand(argv);
  const [project, account] = rest;
  noExtra(rest, 2);
  if (project === undefined || account === undefined) throw new UsageError(`give the project and the account: agent-coordinator ${sub} PROJECT ACCOUNT`);
  const input = parseInput(sub === 'add-member' ? 'add_member' : 'remove_member', ProjectMemberInputSchema, { project, account });
  const changed = await session.call((c) => (sub === 'add-member' ? c.add_member.mutate(input) : c.remove_member.mutate(input)));
  return show(session, changed, () => `${changed.name} is ${sub === 'add-member' ? 'now' : 'no longer'} a member of ${project} (projects: ${list(changed.projects)})`);
}
