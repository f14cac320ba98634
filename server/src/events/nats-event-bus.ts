/**
 * The event bus of a replica among several: every replica delivers every event, from whichever replica
 * it came, to its own subscribers (WebSocket subscriptions, MCP sessions), in seq order.
 *
 *   change commits (events in its transaction) ─► sequencer numbers them (any replica)
 *        │                                              │ publish(): this replica's own events
 *        │                                              ├──────────────► local delivery, at once
 *        │                                              └─► outbox publisher (leader) ─► JetStream stream
 *        │                                                                                    │
 *        └──────── database log ◄── gap or NATS away: read it ── local delivery ◄── ordered consumer
 *
 * Correctness never rests on NATS: the database log is the record, and what a subscriber resumes from.
 * NATS makes the other replicas' events arrive within milliseconds instead of the next poll of the log.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import type { Database } from '../db/database.ts';
import type { EventBus, EventListener } from './event-bus.ts';
import { listEventsAfter } from './event-log.ts';
import type { NatsLink } from './nats-connection.ts';
import { OrderedDelivery } from './ordered-delivery.ts';
import { OutboxPublisher, type OutboxStats } from './outbox-publisher.ts';

export interface NatsEventBusOptions {
  readonly db: Database;
  readonly nats: NatsLink;
  readonly maxBacklog: number;
  readonly onError: (error: unknown) => void;
  /** How often the log is read for events no feed delivered (NATS away, a message lost). */
  readonly pollMs?: number;
  /** How long an event waits for a missing lower seq before the log is read. */
  readonly gapWaitMs?: number;
  readonly leaseSeconds?: number;
}

export interface NatsBusStats extends OutboxStats {
  readonly natsConnected: boolean;
  readonly deliveredSeq: number | null;
  readonly replicaId: string;
}

export class NatsEventBus implements EventBus {
  readonly replicaId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #o: NatsEventBusOptions;
  readonly #delivery: OrderedDelivery;
  readonly #publisher: OutboxPublisher;
  #messages: ConsumerMessages | null = null;
  #consuming: Promise<void> | null = null;
  #poll: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: NatsEventBusOptions) {
    this.#o = options;
    this.#delivery = new OrderedDelivery({
      read: (after, limit) => listEventsAfter(options.db, after, limit),
      gapWaitMs: options.gapWaitMs ?? 30,
      onError: options.onError,
    });
    this.#publisher = new OutboxPublisher({
      db: options.db,
      nats: options.nats,
      replicaId: this.replicaId,
      leaseSeconds: options.leaseSeconds ?? 5,
      tickMs: 250,
      maxBacklog: options.maxBacklog,
      publishTimeoutMs: 2_000,
      onError: options.onError,
    });
  }

  /** Starts consuming the stream, then delivers everything after the log's head as of now. */
  async start(): Promise<void> {
    const { js, stream, eventsSubject } = this.#o.nats;
    const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.New, filter_subjects: eventsSubject });
    const messages = await consumer.consume();
    this.#messages = messages;
    this.#consuming = (async () => {
      for await (const message of messages) {
        try {
          this.#delivery.offer([message.json<CoordinatorEvent>()]);
        } catch (error) {
          this.#o.onError(error);
        }
      }
    })().catch((error: unknown) => {
      if (!this.#closed) this.#o.onError(error);
    });
    const [row] = await this.#o.db.query(`select last_seq from event_cursor`);
    this.#delivery.start(Number(row?.['last_seq'] ?? 0));
    await this.#publisher.start();
    const poll = (): void => {
      this.#poll = setTimeout(() => {
        void this.#delivery.catchUp().finally(() => {
          if (!this.#closed) poll();
        });
      }, this.#o.pollMs ?? 500);
    };
    poll();
  }

  publish(events: readonly CoordinatorEvent[]): void {
    this.#delivery.offer(events);
    this.#publisher.sequenced(events);
  }

  subscribe(listener: EventListener): () => void {
    return this.#delivery.subscribe(listener);
  }

  get subscriberCount(): number {
    return this.#delivery.subscriberCount;
  }

  get stats(): NatsBusStats {
    return { ...this.#publisher.stats, natsConnected: this.#o.nats.connected(), deliveredSeq: this.#delivery.last, replicaId: this.replicaId };
  }

  get connected(): boolean {
    return this.#o.nats.connected();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#publisher.stop(3_000);
    this.#closed = true;
    if (this.#poll) clearTimeout(this.#poll);
    await this.#messages?.close().catch(() => undefined);
    await this.#consuming;
    this.#delivery.close();
    await this.#o.nats.close();
  }
}
