/**
 * Signing in and out from the editor, without VS Code: where the token is kept (secret storage, one
 * entry per server URL, so a token is never sent to another server after `serverUrl` changes), which
 * refusals ask the user to act, what to say after logging in, and signing out (revoke, then forget —
 * forgetting even when the server could not be told).
 */
import type { LoginInput, LoginResult } from '@agent-coordinator/shared';
import { coordinatorErrorCode, errorMessage } from './coordinator-api.ts';
import { TOKEN_SECRET_KEY } from './commands.ts';
import type { RefusalCode } from './live-connection.ts';

/** The secret-storage key of the token for one server (`serverUrl` normalized). */
export const tokenSecretKey = (serverUrl: string): string => `${TOKEN_SECRET_KEY}:${serverUrl}`;

/** Whether a secret-storage change is about a coordinator token. */
export const isTokenSecretKey = (key: string): boolean => key === TOKEN_SECRET_KEY || key.startsWith(`${TOKEN_SECRET_KEY}:`);

/** Errors no retry fixes: the user must sign in (UNAUTHENTICATED) or change the project or token (FORBIDDEN). */
export function refusalOf(error: unknown): RefusalCode | null {
  const code = coordinatorErrorCode(error);
  return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : null;
}

export interface SignedIn {
  readonly token: string;
  /** One line for the notification. */
  readonly message: string;
  /** The account's projects to pick from when it has several and no project is set; null otherwise. */
  readonly chooseProject: readonly string[] | null;
}

/** Logs in (the password is passed on, never kept) and says what the session gives access to. */
export async function signIn(login: (input: LoginInput) => Promise<LoginResult>, serverUrl: string, project: string | undefined, name: string, password: string): Promise<SignedIn> {
  const result = await login({ name: name.trim(), password });
  const { account } = result;
  const until = new Date(result.expires_at).toLocaleString();
  const base = `signed in to ${serverUrl} as ${account.name} (${account.role}) until ${until}`;
  if (project !== undefined && !account.projects.includes(project)) {
    return {
      token: result.token,
      message: `${base}, but ${account.name} is not a member of project "${project}" (agentCoordinator.project) — ${account.projects.length > 0 ? `your projects: ${account.projects.join(', ')}` : 'ask an admin to add you'}`,
      chooseProject: account.projects.length > 0 ? account.projects : null,
    };
  }
  if (project !== undefined || account.projects.length === 1) return { token: result.token, message: `${base}, project ${project ?? account.projects[0] ?? ''}`, chooseProject: null };
  if (account.projects.length === 0) return { token: result.token, message: `${base}; ${account.name} belongs to no project yet — ask an admin to add you`, chooseProject: null };
  return { token: result.token, message: `${base}; choose the project for this workspace`, chooseProject: account.projects };
}

export type SignOutOutcome = { readonly kind: 'revoked' | 'not-a-session' | 'already-ended' } | { readonly kind: 'not-told'; readonly error: string };

/** Revokes the session on the server; the caller forgets the token whatever the outcome. */
export async function signOut(logout: () => Promise<{ revoked: boolean }>): Promise<SignOutOutcome> {
  try {
    return { kind: (await logout()).revoked ? 'revoked' : 'not-a-session' };
  } catch (error) {
    if (coordinatorErrorCode(error) === 'UNAUTHENTICATED') return { kind: 'already-ended' };
    return { kind: 'not-told', error: errorMessage(error) };
  }
}

export function signOutMessage(outcome: SignOutOutcome, serverUrl: string): string {
  switch (outcome.kind) {
    case 'revoked':
      return `signed out of ${serverUrl}: the session is revoked and its token forgotten`;
    case 'already-ended':
      return `signed out of ${serverUrl}: the session had already ended; its token is forgotten`;
    case 'not-a-session':
      return `the token for ${serverUrl} is forgotten (it was not a sign-in session: an agent token is revoked with \`agent-coordinator revoke-agent-token AGENT\`)`;
    case 'not-told':
      return `the token for ${serverUrl} is forgotten, but the server could not be told (${outcome.error}): the session stays valid until it expires`;
  }
}
