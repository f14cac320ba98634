/**
 * The append-only event log. A change appends its events inside its own transaction, unnumbered; the
 * sequencer numbers committed events in one serialised step (the `event_cursor` row is its lock), so
 * `seq` grows in the order events become visible and a subscriber resuming after seq N misses nothing.
 * The statements are event.repository.ts's; the numbering one runs on a connection of its own.
 */
import type { CoordinatorEvent, EventPayload } from '@agent-coordinator/shared';
import type { Database, ReservedSql } from '../db/database.ts';
import type { EventBus } from './event-bus.ts';
import { NO_METRICS, type Metrics } from '../ops/metrics.ts';
import { firstRetainedSeq, listEventsAfter, listProjectEventsAfter, logHead, pruneEvents, sequenceEvents, type RetentionPolicy } from './event.repository.ts';

/** Whether a caller in `project` may see the event: its project's, or a server-wide notice. */
export const visibleIn = (project: string, event: CoordinatorEvent): boolean => event.project === project || event.project === null;

export class EventLog {
  readonly #db: Database;
  /** The numbering statement runs on a connection of its own, so it goes out as soon as a change commits. */
  readonly #sequencer: ReservedSql;
  readonly #bus: EventBus;
  readonly #onError: (error: unknown) => void;
  #sequencing: Promise<void> | null = null;
  #again = false;
  readonly #metrics: Metrics;

  constructor(db: Database, bus: EventBus, onError: (error: unknown) => void, metrics: Metrics = NO_METRICS) {
    this.#db = db;
    this.#sequencer = db.reserve();
    this.#bus = bus;
    this.#onError = onError;
    this.#metrics = metrics;
  }

  /** Called by the transactor after a commit that appended these events: counts them, then `sequenceSoon`. */
  committed(payloads: readonly EventPayload[]): void {
    this.#metrics.eventsCommitted(payloads);
    this.sequenceSoon();
  }

  /**
   * Called after a commit that appended events: numbers and publishes them soon, once. A failure (the
   * database gone) is reported and leaves the events unnumbered; the next call — at the latest the
   * sweeper's next tick — numbers them, so nothing is lost.
   */
  sequenceSoon(): void {
    if (this.#sequencing) {
      this.#again = true;
      return;
    }
    this.#sequencing = this.#sequenceLoop()
      .catch(this.#onError)
      .finally(() => {
        this.#sequencing = null;
      });
  }

  /** Resolves once everything appended before the call has been published. */
  async flush(): Promise<void> {
    while (this.#sequencing) await this.#sequencing;
    await this.#sequenceLoop();
  }

  async #sequenceLoop(): Promise<void> {
    do {
      this.#again = false;
      let published: CoordinatorEvent[];
      do {
        published = await sequenceEvents(this.#sequencer, 1000);
        this.#bus.publish(published);
      } while (published.length === 1000);
    } while (this.#again);
  }

  lastSeq(): Promise<number> {
    return logHead(this.#db);
  }

  /** The oldest retained seq, or null when nothing is retained. */
  firstRetainedSeq(): Promise<number | null> {
    return firstRetainedSeq(this.#db);
  }

  listAfter(after: number, limit: number): Promise<CoordinatorEvent[]> {
    return listEventsAfter(this.#db, after, limit);
  }

  listVisibleAfter(project: string, after: number, limit: number): Promise<CoordinatorEvent[]> {
    return listProjectEventsAfter(this.#db, project, after, limit);
  }

  /** Deletes numbered events older than the policy allows; returns how many went. */
  prune(policy: RetentionPolicy): Promise<number> {
    return pruneEvents(this.#db, policy);
  }
}
