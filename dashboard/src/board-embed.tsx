/**
 * The Board page on its own, for a host other than this dashboard (a VS Code webview panel): give it an
 * element and a typed tRPC client already carrying the host's credentials, and it renders the board with
 * its own query cache and, unless `live: false`, its own `subscribe_events` keeping it current exactly as
 * the dashboard does. Opening a task calls `onOpenTask` when given (the host decides what that means),
 * else follows the dashboard's own `/tasks/T-n` path. Returns the function that unmounts it and ends the
 * subscription. Nothing here reads the page's location, storage or theme toggle.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ClientContext } from './client-context.ts';
import { subscribeLive, type LiveStatus } from './live/live-events.ts';
import { BoardPage } from './pages/board-page.tsx';
import type { Client } from './trpc-client.ts';

export interface BoardEmbedOptions {
  readonly client: Client;
  readonly live?: boolean;
  readonly onOpenTask?: (key: string) => void;
  readonly onLiveStatus?: (status: LiveStatus, error?: string) => void;
}

export function mountBoard(element: Element, options: BoardEmbedOptions): () => void {
  const queries = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false } } });
  const stopLive = options.live === false ? () => undefined : subscribeLive(options.client, queries, options.onLiveStatus ?? (() => undefined));
  const root = createRoot(element);
  root.render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <ClientContext.Provider value={options.client}>
          <BoardPage {...(options.onOpenTask ? { onOpenTask: options.onOpenTask } : {})} />
        </ClientContext.Provider>
      </QueryClientProvider>
    </StrictMode>,
  );
  return () => {
    stopLive();
    root.unmount();
    queries.clear();
  };
}
