/** The line above a view while it cannot show the live board. */
import type { ConnectionStatus } from './live-connection.ts';

/**
 * Whether a board view leaves the line empty so its welcome content shows instead: VS Code shows a view's
 * welcome only when the tree is empty and it has no message. Before anything was loaded the welcome's
 * buttons (Start Local Server, Reconnect, Set Server URL, Sign In) are the useful thing; once a board
 * was loaded, the last known state with the message above it is.
 */
export function showsWelcome(status: ConnectionStatus, loaded: boolean): boolean {
  return status.kind !== 'connected' && !loaded;
}

export function connectionMessage(status: ConnectionStatus, loaded: boolean, serverUrl: string): string | undefined {
  switch (status.kind) {
    case 'connected':
      return undefined;
    case 'idle':
    case 'connecting':
      return `Connecting to ${serverUrl}…`;
    case 'reconnecting':
    case 'offline':
      return `${status.kind === 'offline' ? 'Offline' : 'Reconnecting'} — ${serverUrl}: ${status.error}${loaded ? ' — showing the last known state' : ''}`;
    case 'refused':
      return `${status.code === 'UNAUTHENTICATED' ? 'Not signed in' : 'No access'}: ${status.error}${loaded ? ' — showing the last known state' : ''}`;
    case 'stopped':
      return 'Not connected';
  }
}
