/**
 * The viewer's session token and project, kept in sessionStorage (one browser tab's lifetime): sent as
 * `Authorization: Bearer` and `X-Coordinator-Project` over HTTP and as connection params on the
 * WebSocket, the same credentials the CLI and the extension present. Empty in local mode.
 */
export interface Credentials {
  readonly token: string | null;
  readonly project: string | null;
}

const TOKEN = 'ac.token';
const PROJECT = 'ac.project';

export function loadCredentials(): Credentials {
  return { token: sessionStorage.getItem(TOKEN), project: sessionStorage.getItem(PROJECT) };
}

export function saveCredentials(credentials: Credentials): void {
  if (credentials.token) sessionStorage.setItem(TOKEN, credentials.token);
  else sessionStorage.removeItem(TOKEN);
  if (credentials.project) sessionStorage.setItem(PROJECT, credentials.project);
  else sessionStorage.removeItem(PROJECT);
}
