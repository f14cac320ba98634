/**
 * The append-only event log. A change appends its events inside its own transaction, unnumbered; the
 * sequencer numbers committed events in one serialised step (the `event_cursor` row is its lock), so
 * `seq` grows in the order events become visible and a subscriber resuming after seq N misses nothing.
 */
import type { CoordinatorEvent, EventPayload } from '@agent-coordinator/shared';
import type { Database, RawSql, Row, Sql } from '../db/database.ts';
import { int, isoTime } from '../db/row-values.ts';
import type { EventBus } from './event-bus.ts';
import { NO_METRICS, type Metrics } from '../ops/metrics.ts';

/** An event recorded by a change, with the project it belongs to (null: every project sees it). */
export interface ScopedPayload {
  readonly project: string | null;
  readonly payload: EventPayload;
}

export async function appendEvents(sql: Sql, events: readonly ScopedPayload[]): Promise<void> {
  if (events.length === 0) return;
  await sql.query(`insert into events (type, payload, project) select * from unnest($1::text[], $2::jsonb[], $3::text[])`, [
    events.map((e) => e.payload.type),
    events.map((e) => JSON.stringify(e.payload)),
    events.map((e) => e.project),
  ]);
}

export const eventFromRow = (row: Row): CoordinatorEvent => ({
  ...(row['payload'] as EventPayload),
  id: int(row['seq']),
  at: isoTime(row['created_at']),
  project: row['project'] === null || row['project'] === undefined ? null : String(row['project']),
});

/** The numbered events after `after`, in order: what a subscriber or a replica catching up reads. */
export async function listEventsAfter(sql: Sql, after: number, limit: number): Promise<CoordinatorEvent[]> {
  const rows = await sql.query(`select seq, payload, project, created_at from events where seq > $1 order by seq limit $2`, [after, limit]);
  return rows.map(eventFromRow);
}

/**
 * The numbered events after `after` that a caller in `project` may see (its own and the server-wide
 * ones), in order. Ids skip the other projects' events: a page of this is no basis for finding holes.
 */
export async function listProjectEventsAfter(sql: Sql, project: string, after: number, limit: number): Promise<CoordinatorEvent[]> {
  const rows = await sql.query(
    `select seq, payload, project, created_at from events where seq > $1 and (project = $3 or project is null) order by seq limit $2`,
    [after, limit, project],
  );
  return rows.map(eventFromRow);
}

/** Whether a caller in `project` may see the event: its project's, or a server-wide notice. */
export const visibleIn = (project: string, event: CoordinatorEvent): boolean => event.project === project || event.project === null;

export interface RetentionPolicy {
  readonly maxAgeSeconds: number;
  readonly maxCount: number;
}

export class EventLog {
  readonly #db: Database;
  /** The numbering statement runs on a connection of its own, so it goes out as soon as a change commits. */
  readonly #sequencer: RawSql;
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
        published = await this.#sequenceBatch(1000);
        this.#bus.publish(published);
      } while (published.length === 1000);
    } while (this.#again);
  }

  /**
   * One statement, so one round trip: lock the oldest unnumbered events, advance the cursor by their
   * count (the cursor row lock serialises sequencers, also across processes), number them after the
   * cursor's old value in id order. With nothing to number the cursor row is left alone, so the idle
   * calls every replica's sweeper makes each tick neither write nor wait for each other.
   */
  async #sequenceBatch(limit: number): Promise<CoordinatorEvent[]> {
    const rows = await this.#sequencer.query(
      `with locked as (select id from events where seq is null order by id limit $1 for update),
       pending as (select id, row_number() over (order by id) as n from locked),
       cursor as (
         update event_cursor set last_seq = last_seq + (select count(*) from locked)
         where exists (select 1 from locked)
         returning last_seq - (select count(*) from locked) as base)
       update events e set seq = cursor.base + pending.n from pending, cursor where e.id = pending.id
       returning e.seq, e.payload, e.project, e.created_at`,
      [limit],
    );
    return rows.map(eventFromRow).sort((a, b) => a.id - b.id);
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.#db.query(`select last_seq from event_cursor`);
    return int(row?.['last_seq'] ?? 0);
  }

  /** The oldest retained seq, or null when nothing is retained. */
  async firstRetainedSeq(): Promise<number | null> {
    const [row] = await this.#db.query(`select min(seq) as first from events where seq is not null`);
    return row?.['first'] === null || row?.['first'] === undefined ? null : int(row['first']);
  }

  listAfter(after: number, limit: number): Promise<CoordinatorEvent[]> {
    return listEventsAfter(this.#db, after, limit);
  }

  listVisibleAfter(project: string, after: number, limit: number): Promise<CoordinatorEvent[]> {
    return listProjectEventsAfter(this.#db, project, after, limit);
  }

  /** Deletes numbered events older than the policy allows; returns how many went. */
  async prune(policy: RetentionPolicy): Promise<number> {
    const rows = await this.#db.query(
      `delete from events where seq is not null
         and (created_at < now() - make_interval(secs => $1)
              or seq <= (select last_seq from event_cursor) - $2)
       returning seq`,
      [policy.maxAgeSeconds, policy.maxCount],
    );
    return rows.length;
  }
}
