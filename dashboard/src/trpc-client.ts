/**
 * The typed tRPC client, from `import type { AppRouter }` only: queries and mutations over HTTP (batched),
 * the one event subscription over a WebSocket on the same origin. Built anew when the credentials change
 * (sign in, sign out), so a connection never carries another viewer's token.
 */
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { Credentials } from './credentials.ts';

export type Client = TRPCClient<AppRouter>;

export interface Connection {
  readonly client: Client;
  close(): void;
}

export function connect(credentials: Credentials): Connection {
  const params: Record<string, string> = {};
  if (credentials.token) params['token'] = credentials.token;
  if (credentials.project) params['project'] = credentials.project;
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;
  const wsClient = createWSClient({ url: wsUrl, connectionParams: () => params, retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 10_000) });
  const headers = (): Record<string, string> => ({
    ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
    ...(credentials.project ? { 'x-coordinator-project': credentials.project } : {}),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({ url: '/trpc', headers }),
      }),
    ],
  });
  return { client, close: () => void wsClient.close() };
}

/** The server's own words for a failed call (they say what to do next). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
