/**
 * A tRPC link that sends every call to the page's host instead of the network: the board in a VS Code
 * panel asks the extension, which calls the coordinator with its own signed-in client (the message
 * contract is shared/board-bridge.ts). Queries and mutations are one `call` each, answered by a
 * `result` with the same id; the event subscription is the host's live stream, `started` whenever the
 * host says its connection is up and `connecting` (with the reason) while it is not.
 */
import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { BoardPanelReply, BoardPanelRequest } from '@agent-coordinator/shared';

export interface BridgeHost {
  post(request: BoardPanelRequest): void;
  /** Calls `listener` with every reply; returns the function that stops it. */
  listen(listener: (reply: BoardPanelReply) => void): () => void;
}

export function bridgeLink(host: BridgeHost): TRPCLink<AppRouter> {
  let nextId = 1;
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === 'subscription') {
          if (op.path !== 'subscribe_events') {
            observer.error(TRPCClientError.from(new Error(`the board panel carries only subscribe_events, not ${op.path}`)));
            return () => undefined;
          }
          const stop = host.listen((reply) => {
            if (reply.type === 'live') {
              observer.next({ result: reply.live ? { type: 'started' } : { type: 'state', state: 'connecting', error: TRPCClientError.from(new Error(reply.error ?? 'the window is not connected')) } });
            } else if (reply.type === 'event') {
              // The shape of a `tracked()` event: what the dashboard's own WebSocket subscription delivers.
              const id = String(reply.message.id);
              observer.next({ result: { type: 'data', id, data: { id, data: reply.message } } });
            }
          });
          host.post({ type: 'subscribe' });
          return () => {
            stop();
            host.post({ type: 'unsubscribe' });
          };
        }
        const id = nextId++;
        const stop = host.listen((reply) => {
          if (reply.type !== 'result' || reply.id !== id) return;
          stop();
          if (reply.ok) {
            observer.next({ result: { type: 'data', data: reply.data } });
            observer.complete();
          } else {
            observer.error(TRPCClientError.from({ error: reply.error }));
          }
        });
        host.post({ type: 'call', id, kind: op.type, path: op.path, input: op.input });
        return stop;
      });
}
