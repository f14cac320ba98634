/**
 * Replays the event log to check the lock invariant after the fact: at no point in the sequence did two
 * agents hold overlapping locks where either was exclusive (a lease past its expiry, renewals counted, is not held). Events are numbered in commit order, so the
 * replay sees locks come and go in the order the database decided them.
 *
 * The log is read from either test tier: a wire client (coordinator.ts) as it is, an in-process caller
 * (in-process-caller.ts) as `callerEvents(caller)`.
 */
import { patternsOverlap, type CoordinatorEvent, type Lock } from '@agent-coordinator/shared';
import type { Client } from './coordinator.ts';
import type { Caller } from './in-process-caller.ts';

/**
 * The event log read one page at a time, after an id. A class so that `instanceof` tells it from a wire
 * client: a tRPC client is a proxy that answers every property, so no property test could.
 */
export class EventPages {
  readonly read: (page: { readonly after: number; readonly limit: number }) => Promise<readonly CoordinatorEvent[]>;
  constructor(read: EventPages['read']) {
    this.read = read;
  }
}

/** The event log of the caller's project, read through the router in process (`list_events`). */
export const callerEvents = (caller: Caller): EventPages => new EventPages((page) => caller.list_events(page));

/** Where the helpers below read events: a wire client, or the pages of another tier. */
export type EventSource = Client | EventPages;

const pagesOf = (source: EventSource): EventPages => (source instanceof EventPages ? source : new EventPages((page) => source.list_events.query(page)));

export async function readAllEvents(source: EventSource): Promise<CoordinatorEvent[]> {
  const pages = pagesOf(source);
  const events: CoordinatorEvent[] = [];
  for (let after = 0; ; ) {
    const page = await pages.read({ after, limit: 1000 });
    events.push(...page);
    const last = page.at(-1);
    if (!last) return events;
    after = last.id;
  }
}

export interface LockViolation {
  readonly eventId: number;
  readonly granted: Lock;
  readonly alreadyHeld: Lock;
}

export function lockViolations(events: readonly CoordinatorEvent[]): LockViolation[] {
  const held = new Map<string, Lock>();
  const violations: LockViolation[] = [];
  for (const event of events) {
    if (event.type === 'lock.released') for (const lock of event.locks) held.delete(lock.lock_id);
    // A lease that lapsed is not held, swept or not: track renewals to know when each lapses.
    if (event.type === 'locks.renewed') {
      for (const lease of event.locks) {
        const lock = held.get(lease.lock_id);
        if (lock) held.set(lock.lock_id, { ...lock, expires_at: lease.expires_at });
      }
    }
    if (event.type !== 'lock.acquired') continue;
    for (const lock of event.locks) {
      for (const other of held.values()) {
        if (other.lock_id === lock.lock_id || other.held_by_id === lock.held_by_id) continue;
        if (Date.parse(other.expires_at) <= Date.parse(lock.acquired_at)) continue;
        if (lock.mode === 'shared' && other.mode === 'shared') continue;
        if (patternsOverlap(lock.path, other.path)) violations.push({ eventId: event.id, granted: lock, alreadyHeld: other });
      }
      held.set(lock.lock_id, lock);
    }
  }
  return violations;
}

/**
 * Events are numbered just after their change commits, off the request path: a client that needs an
 * event its own call caused waits for it (bounded) instead of assuming it is already in the log.
 */
export async function waitForEvents(
  source: EventSource,
  predicate: (events: readonly CoordinatorEvent[]) => boolean,
  options: { readonly after?: number; readonly timeoutMs?: number } = {},
): Promise<CoordinatorEvent[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const events = (await readAllEvents(source)).filter((e) => e.id > (options.after ?? 0));
    if (predicate(events)) return events;
    if (Date.now() > deadline) throw new Error(`the expected events did not arrive; got ${events.map((e) => e.type).join(', ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
