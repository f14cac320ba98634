/** Activity: the live event feed since the page opened, filtered by event type. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { KEYS } from '../live/query-keys.ts';

export function ActivityPage() {
  // Filled only by the live subscription (live-events.ts): never fetched.
  const feed = useQuery<readonly CoordinatorEvent[]>({ queryKey: KEYS.feed, queryFn: () => [], enabled: false, initialData: [] });
  const [filter, setFilter] = useState('');
  const events = (feed.data ?? []).filter((event) => event.type.includes(filter.trim()));
  return (
    <>
      <h1>Activity</h1>
      <label>
        Filter by type <input value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="task. / lock. / agent." />
      </label>
      <ol className="feed" aria-live="polite">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleTimeString()}</time> <code>{event.type}</code> {describe(event)}
          </li>
        ))}
      </ol>
    </>
  );
}

export function describe(event: CoordinatorEvent): string {
  if ('task' in event && event.task) return `${event.task.key} ${event.task.title} (${event.task.status})`;
  if ('locks' in event && Array.isArray(event.locks)) return event.locks.map((lock) => ('path' in lock ? lock.path : lock.lock_id)).join(', ');
  if ('agent' in event && event.agent) return event.agent.name;
  return '';
}
