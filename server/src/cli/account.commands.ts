/**
 * Accounts and projects (admins; on a server still in single-user local mode, whoever runs the CLI).
 *
 *   account create NAME [role=admin|member] [projects=a,b]   the password is read from stdin
 *   account list | account disable NAME
 *   project create NAME | project list | project add-member PROJECT ACCOUNT | project remove-member PROJECT ACCOUNT
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

export const ACCOUNT_USAGE = 'account create NAME [role=admin|member] [projects=a,b] (password on stdin) | list | disable NAME';
export const PROJECT_USAGE = 'project create NAME | list | add-member PROJECT ACCOUNT | remove-member PROJECT ACCOUNT';

const accountText = (a: Account): string => `${a.name} (${a.role}${a.disabled ? ', disabled' : ''}; projects: ${list(a.projects)})`;

export async function accountCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const [sub, ...rest] = args.positionals;
  switch (sub) {
    case 'create': {
      const [name, ...more] = rest;
      if (name === undefined) throw new UsageError('give the account a name: agent-coordinator account create NAME [role=admin|member] [projects=a,b] (the password is read from stdin)');
      // Not echoed: a bare word here is most likely a password typed where it must not go.
      if (more.some((arg) => !arg.includes('='))) throw new UsageError('account create takes NAME and role=/projects= only: the password is read from stdin, never from the command line');
      const pairs = parsePairs(more, ['role', 'projects'] as const);
      const fields = parseInput('create_account', CreateAccountInputSchema.omit({ password: true }), {
        name,
        ...(pairs.role !== undefined ? { role: pairs.role } : {}),
        projects: splitList(pairs.projects),
      });
      const presented = await session.credentials();
      const local = presented.token === undefined && (await session.call((c) => c.whoami.query())).mode === 'local';
      if (local && fields.role !== 'admin') {
        throw new UsageError(`the first account must be an admin (role=admin): once it exists every call needs a token, and only admins manage accounts — agent-coordinator account create ${name} role=admin projects=local`);
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
    case 'list': {
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
    case 'disable': {
      const [name] = rest;
      noExtra(rest, 1);
      if (name === undefined) throw new UsageError('give the account: agent-coordinator account disable NAME');
      const input = parseInput('disable_account', AccountRefInputSchema, { account: name });
      const account = await session.call((c) => c.disable_account.mutate(input));
      return show(
        session,
        account,
        () =>
          `disabled ${account.name}: it can no longer log in, its sessions no longer work, and the tokens of the agents it registered were revoked (${account.agent_tokens_revoked}); ` +
          'running subscriptions and MCP sessions end within the credential re-check interval — to keep one of its agents working, issue it a new token: agent-coordinator token rotate AGENT',
      );
    }
    case undefined:
      throw new UsageError(`give a subcommand: agent-coordinator ${ACCOUNT_USAGE}`);
    default:
      throw new UsageError(`unknown subcommand "${sub}": agent-coordinator ${ACCOUNT_USAGE}`);
  }
}

export async function projectCommand(argv: readonly string[]): Promise<void> {
  const { args, session } = parseCommand(argv);
  const [sub, ...rest] = args.positionals;
  switch (sub) {
    case 'create': {
      const [name] = rest;
      noExtra(rest, 1);
      if (name === undefined) throw new UsageError('give the project a name: agent-coordinator project create NAME');
      const input = parseInput('create_project', CreateProjectInputSchema, { name });
      const project = await session.call((c) => c.create_project.mutate(input));
      return show(session, project, () => `created project ${project.name}; add members with: agent-coordinator project add-member ${project.name} ACCOUNT`);
    }
    case 'list': {
      noExtra(rest);
      const projects = await session.call((c) => c.list_projects.query());
      return show(session, projects, () => (projects.length === 0 ? 'no projects' : projects.join('\n')));
    }
    case 'add-member':
    case 'remove-member': {
      const [project, account] = rest;
      noExtra(rest, 2);
      if (project === undefined || account === undefined) throw new UsageError(`give the project and the account: agent-coordinator project ${sub} PROJECT ACCOUNT`);
      const input = parseInput(sub === 'add-member' ? 'add_member' : 'remove_member', ProjectMemberInputSchema, { project, account });
      const changed = await session.call((c) => (sub === 'add-member' ? c.add_member.mutate(input) : c.remove_member.mutate(input)));
      return show(session, changed, () => `${changed.name} is ${sub === 'add-member' ? 'now' : 'no longer'} a member of ${project} (projects: ${list(changed.projects)})`);
    }
    case undefined:
      throw new UsageError(`give a subcommand: agent-coordinator ${PROJECT_USAGE}`);
    default:
      throw new UsageError(`unknown subcommand "${sub}": agent-coordinator ${PROJECT_USAGE}`);
  }
}
