/**
 * What the user can do about the connection right now: the context keys the manifest's `when` clauses
 * read (the offline views' welcome buttons) and the actions of the status-bar menu. One rule for both, so
 * the menu and the views never disagree: Start Local Server only for a loopback URL that does not answer,
 * Sign In only when the server said it needs a token (or refused the one it got), Sign Out only with a
 * token, Reconnect only while not connected.
 */
import type { ConnectionStatus } from './live-connection.ts';
import { isLoopbackUrl } from './local-server.ts';

/** `agentCoordinator.connection`: the status folded to what the views distinguish. */
export type ConnectionContext = 'connecting' | 'connected' | 'offline' | 'refused';

export function connectionContext(status: ConnectionStatus): ConnectionContext {
  switch (status.kind) {
    case 'idle':
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'connected';
    case 'refused':
      return 'refused';
    case 'reconnecting':
    case 'offline':
    case 'stopped':
      return 'offline';
  }
}

export interface ConnectionFacts {
  readonly status: ConnectionStatus;
  readonly serverUrl: string;
  readonly hasToken: boolean;
  /** A local start is under way in this window. */
  readonly starting: boolean;
}

/** The context keys, by name; values are what `when` clauses compare. */
export function connectionContextKeys(facts: ConnectionFacts): Readonly<Record<string, string | boolean>> {
  const context = connectionContext(facts.status);
  return {
    'agentCoordinator.connection': context,
    'agentCoordinator.loopback': isLoopbackUrl(facts.serverUrl),
    'agentCoordinator.needsSignIn': context === 'refused',
    'agentCoordinator.startingLocalServer': facts.starting,
  };
}

export type ConnectionAction = 'reconnect' | 'startLocalServer' | 'setServerUrl' | 'signIn' | 'signOut' | 'setToken' | 'createTask' | 'connectClaudeCode' | 'showLog' | 'settings';

/** The status-bar menu's actions, in order, for this connection. */
export function connectionActions(facts: ConnectionFacts): readonly ConnectionAction[] {
  const context = connectionContext(facts.status);
  const actions: ConnectionAction[] = [];
  if (context === 'connected') actions.push('createTask', 'connectClaudeCode');
  if (context !== 'connected') actions.push('reconnect');
  if (context === 'offline' && isLoopbackUrl(facts.serverUrl) && !facts.starting) actions.push('startLocalServer');
  if (context === 'refused') actions.push('signIn', 'setToken');
  if (facts.hasToken) actions.push('signOut');
  actions.push('setServerUrl', 'showLog', 'settings');
  return actions;
}

/** Checks what the user typed as the server URL; the message says what is wrong, undefined when fine. */
export function validateServerUrl(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return 'the coordinator\'s URL, for example http://127.0.0.1:7421';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL: write it with its scheme, for example http://127.0.0.1:7421`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}// is not served: the coordinator answers over http:// or https://`;
  if (url.search || url.hash) return 'the server URL takes no query or fragment: the base address only, for example https://coordinator.example.com';
  return undefined;
}
