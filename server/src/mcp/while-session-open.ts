/**
 * Work an MCP session does in the background for as long as it is open (forwarding events to it as
 * logging notifications): started with an abort signal that fires when the session's server closes,
 * chaining any `onclose` already set. A failure while the session is open is reported; one after it
 * closed (the subscription ended by the abort) is not.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';

export function whileSessionOpen(server: Server, onError: (error: unknown) => void, work: (signal: AbortSignal) => Promise<void>): void {
  const stop = new AbortController();
  const previous = server.onclose;
  server.onclose = () => {
    stop.abort();
    previous?.();
  };
  work(stop.signal).catch((error: unknown) => {
    if (!stop.signal.aborted) onError(error);
  });
}
