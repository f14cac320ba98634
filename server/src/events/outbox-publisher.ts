/**
 * The transactional outbox's publisher: copies the numbered event log to the JetStream stream, in seq
 * order, each event one message with message id = seq.
 *
 * - The event rows are the outbox: a change commits its events with it, the sequencer numbers them
 *   (event-log.ts). Nothing is published before it is committed and numbered, so a crash anywhere
 *   loses nothing: whatever is numbered but not yet published is published by the next leader.
 * - One replica at a time publishes: the holder of a lease in the `event_outbox` row (renewed every
 *   second, taken over once it is `leaseSeconds` old, released on shutdown). A single publisher keeps
 *   the stream in seq order and the watermark exact.
 * - `published_seq` in that row is the watermark, written with the lease renewal (so at most a second
 *   behind). A new leader starts at the watermark; what it publishes again was published already and
 *   JetStream drops it: the stream's duplicate window (2 min) is far longer than a lease.
 * - A replica that numbers events sends them on `<stream>.live` (core NATS, nats-event-bus.ts); that
 *   wakes the leader, which publishes them at once; if the message is lost its tick (250 ms) finds them.
 */
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import type { Database } from '../db/database.ts';
import { listEventsAfter } from './event.repository.ts';
import { OutboxRepository } from './outbox.repository.ts';
import type { NatsLink } from './nats-connection.ts';
import { errorFields, logger } from '../ops/logger.ts';

const PAGE = 500;

export interface OutboxPublisherOptions {
  readonly db: Database;
  readonly nats: NatsLink;
  readonly replicaId: string;
  /** A leader silent this long is replaced. */
  readonly leaseSeconds: number;
  /** How often the leader looks for unpublished events without being rung, and followers try for the lease. */
  readonly tickMs: number;
  /** The stream's message limit: a backlog older than that is not worth publishing (the log has it). */
  readonly maxBacklog: number;
  readonly publishTimeoutMs: number;
  readonly onError: (error: unknown) => void;
}

export interface OutboxStats {
  readonly leader: boolean;
  /** Highest seq this replica knows to be in the stream (as leader), else null. */
  readonly publishedSeq: number | null;
  readonly published: number;
  readonly failures: number;
}

export class OutboxPublisher {
  readonly #o: OutboxPublisherOptions;
  readonly #outbox = new OutboxRepository();
  #leader = false;
  #leaseValidUntil = 0;
  #published: number | null = null;
  /** Events this replica numbered while leader, not yet published. */
  #fresh: CoordinatorEvent[] = [];
  #lastRenewal = 0;
  #timer: NodeJS.Timeout | null = null;
  #wanted = false;
  #running: Promise<void> | null = null;
  #ticking: Promise<void> | null = null;
  #stopped = false;
  #failing = false;
  #count = 0;
  #failures = 0;

  constructor(options: OutboxPublisherOptions) {
    this.#o = options;
  }

  get stats(): OutboxStats {
    return { leader: this.#leader, publishedSeq: this.#leader ? this.#published : null, published: this.#count, failures: this.#failures };
  }

  async start(): Promise<void> {
    await this.#tick();
    const loop = (): void => {
      this.#ticking = this.#tick().finally(() => {
        this.#ticking = null;
        if (!this.#stopped) this.#timer = setTimeout(loop, this.#o.tickMs);
      });
    };
    this.#timer = setTimeout(loop, this.#o.tickMs);
  }

  /** This replica numbered these events: as leader, publish them now (without reading them back from the log). */
  sequenced(events: readonly CoordinatorEvent[]): void {
    if (events.length === 0 || !this.#leader || this.#stopped) return;
    if (this.#fresh.length + events.length <= PAGE) this.#fresh.push(...events);
    this.#wake();
  }

  /** Another replica numbered events: as leader, publish them now. */
  notify(): void {
    this.#wake();
  }

  /** Publishes what is left (bounded), writes the watermark and gives up the lease. */
  async stop(timeoutMs: number): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([
      (async () => {
        await this.#ticking;
        await this.#running;
        this.#wanted = true;
        await this.#run();
      })(),
      bounded,
    ]);
    clearTimeout(timer);
    if (this.#leader) {
      await this.#outbox.giveUpLease(this.#o.db, this.#o.replicaId, this.#published ?? 0).catch(this.#o.onError);
      this.#setLeader(false);
    }
  }

  /** Renews or takes the lease (writing the watermark with it) about once a second; publishes if leader. */
  async #tick(): Promise<void> {
    try {
      const renewEvery = Math.min(1000, (this.#o.leaseSeconds * 1000) / 3);
      if (Date.now() - this.#lastRenewal >= renewEvery) await this.#renew();
      if (this.#leader) this.#wake();
    } catch (error) {
      this.#o.onError(error);
    }
  }

  async #renew(): Promise<void> {
    const started = Date.now();
    const lease = await this.#outbox.renewLease(this.#o.db, this.#o.replicaId, this.#o.leaseSeconds, this.#leader ? this.#published : null);
    this.#lastRenewal = started;
    if (!lease) {
      this.#setLeader(false); // another replica holds a live lease
      return;
    }
    this.#leaseValidUntil = started + this.#o.leaseSeconds * 1000;
    if (!this.#leader) {
      // A new leader starts at the watermark; anything between it and the true position is re-published and dropped as a duplicate.
      this.#published = Math.max(lease.publishedSeq, lease.lastSeq - this.#o.maxBacklog);
      this.#setLeader(true);
    }
  }

  #setLeader(leader: boolean): void {
    if (leader === this.#leader) return;
    this.#leader = leader;
    logger.info(leader ? 'event outbox: this replica holds the publisher lease' : 'event outbox: this replica no longer holds the publisher lease', { replica: this.#o.replicaId });
    if (!leader) {
      this.#published = null;
      this.#fresh = [];
    }
  }

  #wake(): void {
    if (!this.#leader || this.#stopped) return;
    this.#wanted = true;
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
  }

  async #run(): Promise<void> {
    while (this.#wanted && this.#leader) {
      this.#wanted = false;
      try {
        while (this.#leader && Date.now() < this.#leaseValidUntil) {
          const published = await this.#publishPage();
          if (published < PAGE) break;
        }
        if (this.#failing) {
          this.#failing = false;
          logger.info('event outbox: publishing to JetStream works again', { published: this.#published });
        }
      } catch (error) {
        this.#failures++;
        if (!this.#failing) {
          this.#failing = true; // said once per outage, not once per retry
          logger.warn(`event outbox: publishing to JetStream failed, retrying every ${this.#o.tickMs} ms`, { published: this.#published, ...errorFields(error) });
        }
        return; // the next tick retries; no hot loop while NATS is away
      }
    }
  }

  /** Publishes the next page after the in-memory position, pipelined; advances over what JetStream acknowledged. */
  async #publishPage(): Promise<number> {
    const from = this.#published;
    if (from === null) return 0;
    this.#fresh = this.#fresh.filter((e) => e.id > from);
    const fresh = this.#fresh[0]?.id === from + 1 && this.#fresh.every((e, i) => e.id === from + 1 + i) ? this.#fresh : null;
    const events = fresh ? [...fresh] : await listEventsAfter(this.#o.db, from, PAGE);
    if (events.length === 0) return 0;
    const { js, eventsSubject, stream } = this.#o.nats;
    const acks = await Promise.allSettled(
      events.map((event) => js.publish(eventsSubject, JSON.stringify(event), { msgID: String(event.id), expect: { streamName: stream }, timeout: this.#o.publishTimeoutMs })),
    );
    const failed = acks.findIndex((a) => a.status === 'rejected');
    const done = failed === -1 ? events.length : failed;
    const last = events[done - 1];
    if (last && this.#published === from) this.#published = last.id;
    this.#count += done;
    const rejection = acks[failed];
    if (rejection?.status === 'rejected') throw rejection.reason;
    return events.length;
  }
}
