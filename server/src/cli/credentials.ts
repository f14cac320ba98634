/**
 * What a CLI call presents to the server, the same for the tRPC commands, the hooks and the MCP bridge:
 * the token — `--token`, else COORDINATOR_TOKEN, else the login `agent-coordinator login` saved for this
 * URL — as `Authorization: Bearer`, and the project — `--project`, else COORDINATOR_PROJECT, else the
 * project saved with that login — as `X-Coordinator-Project`. Neither is needed by a server in
 * single-user local mode, by an agent token (bound to its project) or by an account in one project.
 * A saved login past its end is not sent: the server would only refuse it.
 */
import { PROJECT_ENV, PROJECT_HEADER, TOKEN_ENV } from '@agent-coordinator/shared';
import { readState, type SavedSession } from './state.ts';

export type TokenSource = 'flag' | 'env' | 'login';

export interface Credentials {
  readonly token: string | undefined;
  /** Where the token came from, so a refusal can say which one to replace. */
  readonly tokenFrom: TokenSource | undefined;
  readonly project: string | undefined;
  /** The login saved for this URL, when the token is (or would have been) its session. */
  readonly login: (SavedSession & { readonly expired: boolean }) | undefined;
}

export interface CredentialFlags {
  readonly token?: string | undefined;
  readonly project?: string | undefined;
}

export const NO_CREDENTIALS: Credentials = { token: undefined, tokenFrom: undefined, project: undefined, login: undefined };

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** The token and project for calls to `url`; reads the state file only when neither flag nor environment names a token. */
export async function resolveCredentials(url: string, flags: CredentialFlags, env: NodeJS.ProcessEnv, stateFile: string, now = Date.now()): Promise<Credentials> {
  const explicitProject = nonEmpty(flags.project) ?? nonEmpty(env[PROJECT_ENV]);
  const flagToken = nonEmpty(flags.token);
  if (flagToken !== undefined) return { token: flagToken, tokenFrom: 'flag', project: explicitProject, login: undefined };
  const envToken = nonEmpty(env[TOKEN_ENV]);
  if (envToken !== undefined) return { token: envToken, tokenFrom: 'env', project: explicitProject, login: undefined };
  const saved = (await readState(stateFile)).sessions[url];
  if (!saved) return { ...NO_CREDENTIALS, project: explicitProject };
  const expired = !(Date.parse(saved.expires_at) > now);
  return {
    token: expired ? undefined : saved.token,
    tokenFrom: expired ? undefined : 'login',
    // The saved project belongs to the saved login: another token is not sent with it.
    project: explicitProject ?? saved.project,
    login: { ...saved, expired },
  };
}

/** The HTTP headers for these credentials (none in local mode). */
export function credentialHeaders(credentials: Credentials): Record<string, string> {
  return {
    ...(credentials.token !== undefined ? { authorization: `Bearer ${credentials.token}` } : {}),
    ...(credentials.project !== undefined ? { [PROJECT_HEADER]: credentials.project } : {}),
  };
}

/** How to name where a refused token came from, in an error message. */
export function tokenOrigin(credentials: Credentials): string | undefined {
  switch (credentials.tokenFrom) {
    case 'flag':
      return 'the token given with --token';
    case 'env':
      return `the token in ${TOKEN_ENV}`;
    case 'login':
      return credentials.login ? `the saved login of ${credentials.login.account}` : 'the saved login';
    case undefined:
      return undefined;
  }
}
