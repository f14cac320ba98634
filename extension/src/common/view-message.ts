/** The line above a view while it cannot show the live board. */
import type { ConnectionStatus } from './live-connection.ts';

export function connectionMessage(status: ConnectionStatus, loaded: boolean, serverUrl: string): string | undefined {
  switch (status.kind) {
    case 'connected':
      return undefined;
    case 'idle':
    case 'connecting':
      return `Connecting to ${serverUrl}…`;
    case 'reconnecting':
    case 'offline':
      return `${status.kind === 'offline' ? 'Offline' : 'Reconnecting'}: ${status.error}${loaded ? ' — showing the last known state' : ''}`;
    case 'refused':
      return `${status.code === 'UNAUTHENTICATED' ? 'Not signed in' : 'No access'}: ${status.error}${loaded ? ' — showing the last known state' : ''}`;
    case 'stopped':
      return 'Not connected';
  }
}
