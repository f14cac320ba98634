/**
 * tRPC clients of one coordinator under different credentials, for suites with accounts on: `as(token,
 * project)` is a client that sends that token (none: anonymous) and project header, `login` a password
 * login's token. Every client made is closed after the suite (a mocha `after` hook registered here).
 */
import { connect, type Client } from './coordinator.ts';

export interface CredentialClients {
  readonly as: (token: string | undefined, project?: string) => Client;
  readonly login: (name: string, password: string) => Promise<string>;
}

/** Call inside a `describe`; `server.url` is read when a client is made (after the coordinator started). */
export function useCredentialClients(server: { readonly url: string }): CredentialClients {
  const closers: (() => void)[] = [];
  after(() => closers.splice(0).forEach((close) => close()));
  const as = (token: string | undefined, project?: string): Client => {
    const connection = connect(server.url, { ...(token ? { token } : {}), ...(project ? { project } : {}) });
    closers.push(connection.close);
    return connection.client;
  };
  const login = async (name: string, password: string): Promise<string> => (await as(undefined).login.mutate({ name, password })).token;
  return { as, login };
}
