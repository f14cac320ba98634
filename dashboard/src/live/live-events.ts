/**
 * The page's one live link: a single `subscribe_events` over the WebSocket. Each event patches the
 * cached lists its whole objects answer (cache-patches.ts: a task.updated moves the card without a
 * request) and invalidates the other queries it changes (refetched once, right then — never on a timer),
 * and is prepended to the activity feed. tRPC's wsLink resends the last tracked event id when it reconnects, so
 * the server replays what was missed; a `stream.resync` (that position is no longer retained) invalidates
 * everything, as the extension's live connection reloads its snapshot.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { CoordinatorEvent, StreamMessage } from '@agent-coordinator/shared';
import type { Client } from '../trpc-client.ts';
import { KEYS } from './query-keys.ts';
import { patchFromEvent } from './cache-patches.ts';

export const FEED_LENGTH = 300;

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'refused';

export function subscribeLive(client: Client, queries: QueryClient, onStatus: (status: LiveStatus, error?: string) => void): () => void {
  // Invalidations of one burst of events are batched into one refetch per query.
  const pending = new Set<readonly string[]>();
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    for (const key of pending) void queries.invalidateQueries({ queryKey: key });
    pending.clear();
  };
  const apply = (message: StreamMessage): void => {
    if (message.type === 'stream.resync') {
      void queries.invalidateQueries();
      return;
    }
    const event: CoordinatorEvent = message;
    queries.setQueryData<readonly CoordinatorEvent[]>(KEYS.feed, (feed = []) => [event, ...feed].slice(0, FEED_LENGTH));
    (window as { __acLastEvent?: { id: number; at: number } }).__acLastEvent = { id: event.id, at: performance.now() };
    for (const key of patchFromEvent(queries, event)) pending.add(key);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(flush);
    }
  };
  onStatus('connecting');
  const subscription = client.subscribe_events.subscribe(undefined, {
    onStarted: () => onStatus('live'),
    onData: (tracked) => apply(tracked.data),
    onError: (error) => onStatus(/UNAUTHORIZED|UNAUTHENTICATED|FORBIDDEN/i.test(error.data?.code ?? '') ? 'refused' : 'reconnecting', error.message),
    onConnectionStateChange: (state) => {
      if (state.state === 'connecting' && state.error) onStatus('reconnecting', state.error.message);
    },
  });
  return () => subscription.unsubscribe();
}
