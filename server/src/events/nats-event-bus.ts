/**
 * The event bus of a replica among several: every replica delivers every event, from whichever replica
 * it came, to its own subscribers (WebSocket subscriptions, MCP sessions), in seq order.
 *
 *   change commits (events in its transaction) ─► sequencer numbers them (any replica)
 *        │                                              │ publish(): this replica's own events
 *        │                                              ├──────────────► local delivery, at once
 *        │                                              ├─► `<stream>.live` (core NATS) ─► other replicas' delivery
 *        │                                              └─► outbox publisher (leader) ─► JetStream stream
 *        │                                                                                    │
 *        └──────── database log ◄── gap or NATS away: read it ── local delivery ◄── ordered consumer
 *
 * Correctness never rests on NATS: the database log is the record, and what a subscriber resumes from.
 * The live subject is the fast path between replicas (a message lost in a reconnect is no loss: the
 * stream and the log bring the event too); the stream is the ordered, durable copy every replica also
 * consumes; the log fills whatever both missed. Local delivery keeps one order and drops repeats.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/transport-node';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import type { Database } from '../db/database.ts';
import type { BrokerStatus, EventBus, EventListener } from './event-bus.ts';
import { listEventsAfter, logHead } from './event.repository.ts';
import type { NatsLink } from './nats-connection.ts';
import { OrderedDelivery } from './ordered-delivery.ts';
import { OutboxPublisher } from './outbox-publisher.ts';
import { logger } from '../ops/logger.ts';
import type { Metrics } from '../ops/metrics.ts';

/** An event the stream should have brought, found only in the log after this long: the consumer has stalled. */
const STALE_MS = 2_000;
const RESTART_MIN_INTERVAL_MS = 5_000;
/** Below NATS's default max_payload (1 MiB), leaving room for headers. */
const MAX_LIVE_BYTES = 512 * 1024;

/** Enough of a shape check for what arrives from NATS: our own replicas wrote it. */
const isEvent = (value: unknown): value is CoordinatorEvent =>
  typeof value === 'object' && value !== null && Number.isSafeInteger((value as { id?: unknown }).id) && typeof (value as { type?: unknown }).type === 'string';

export interface NatsEventBusOptions {
  readonly db: Database;
  readonly nats: NatsLink;
  readonly maxBacklog: number;
  readonly onError: (error: unknown) => void;
  readonly metrics?: Metrics;
  /** How often the log is read for events no feed delivered (NATS away, a message lost). */
  readonly pollMs?: number;
  /** How long an event waits for a missing lower seq before the log is read. */
  readonly gapWaitMs?: number;
  readonly leaseSeconds?: number;
}

export class NatsEventBus implements EventBus {
  readonly replicaId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #o: NatsEventBusOptions;
  readonly #delivery: OrderedDelivery;
  readonly #publisher: OutboxPublisher;
  #messages: ConsumerMessages | null = null;
  #live: Subscription | null = null;
  #consuming: Promise<void> | null = null;
  #poll: NodeJS.Timeout | null = null;
  #restarting: Promise<void> | null = null;
  #restartedAt = 0;
  #closed = false;

  constructor(options: NatsEventBusOptions) {
    this.#o = options;
    this.#delivery = new OrderedDelivery({
      read: (after, limit) => listEventsAfter(options.db, after, limit),
      gapWaitMs: options.gapWaitMs ?? 30,
      onError: options.onError,
      ...(options.metrics ? { metrics: options.metrics } : {}),
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
    await this.#consume();
    this.#live = this.#o.nats.connection.subscribe(this.#o.nats.liveSubject, {
      callback: (error, message) => {
        if (error) return;
        try {
          const events: unknown = message.json();
          if (Array.isArray(events)) this.#delivery.offer(events.filter(isEvent));
        } catch (failure) {
          this.#o.onError(failure);
        }
        this.#publisher.notify();
      },
    });
    this.#delivery.start(await logHead(this.#o.db));
    await this.#publisher.start();
    // After NATS comes back, a fresh consumer: the client's own recovery of an ordered consumer across a
    // server restart was seen to stop pulling (nats.js 3.4) — the log covered it, but only every poll.
    this.#o.nats.onReconnect(() => this.#restartConsumer('the NATS connection came back'));
    const poll = (): void => {
      this.#poll = setTimeout(() => {
        void this.#delivery
          .catchUp()
          .then((staleMs) => {
            // The log had events the stream should have brought long ago: the consumer has stalled.
            if (staleMs > STALE_MS && this.#o.nats.connected()) this.#restartConsumer(`the log delivered an event ${staleMs} ms old`);
          })
          .finally(() => {
            if (!this.#closed) poll();
          });
      }, this.#o.pollMs ?? 500);
    };
    poll();
  }

  /** (Re)creates the ordered consumer from the stream's newest message on; the log fills anything between. */
  async #consume(): Promise<void> {
    const { js, stream, eventsSubject } = this.#o.nats;
    const previous = this.#messages;
    this.#messages = null;
    await previous?.close().catch(() => undefined);
    await this.#consuming;
    const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.New, filter_subjects: eventsSubject });
    const messages = await consumer.consume();
    this.#messages = messages;
    void (async () => {
      for await (const status of messages.status()) {
        if (status.type === 'consumer_not_found' || status.type === 'stream_not_found' || status.type === 'heartbeats_missed' || status.type === 'reset') {
          logger.debug(`JetStream consumer: ${status.type}`, { stream });
        }
      }
    })().catch(() => undefined);
    this.#consuming = (async () => {
      for await (const message of messages) {
        try {
          const event: unknown = message.json();
          if (isEvent(event)) this.#delivery.offer([event]);
        } catch (error) {
          this.#o.onError(error);
        }
      }
    })().catch((error: unknown) => {
      if (!this.#closed) this.#o.onError(error);
    });
  }

  /** One restart at a time, at most every few seconds; retried until JetStream answers again. */
  #restartConsumer(reason: string): void {
    if (this.#closed || this.#restarting || Date.now() - this.#restartedAt < RESTART_MIN_INTERVAL_MS) return;
    this.#restarting = (async () => {
      logger.warn('JetStream consumer restarted', { reason });
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          await this.#consume();
          return;
        } catch (error) {
          if (attempt === 0) this.#o.onError(new Error('event bus: could not recreate the JetStream consumer; retrying every second', { cause: error }));
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    })().finally(() => {
      this.#restartedAt = Date.now();
      this.#restarting = null;
    });
  }

  publish(events: readonly CoordinatorEvent[]): void {
    this.#delivery.offer(events);
    if (events.length > 0 && this.#o.nats.connected()) {
      const payload = JSON.stringify(events);
      // A batch too big for one NATS message goes without its events: the others get them from the stream.
      this.#o.nats.connection.publish(this.#o.nats.liveSubject, payload.length <= MAX_LIVE_BYTES ? payload : '[]');
    }
    this.#publisher.sequenced(events);
  }

  subscribe(listener: EventListener): () => void {
    return this.#delivery.subscribe(listener);
  }

  get subscriberCount(): number {
    return this.#delivery.subscriberCount;
  }

  get broker(): BrokerStatus {
    return { ...this.#publisher.stats, connected: this.#o.nats.connected(), deliveredSeq: this.#delivery.last, replicaId: this.replicaId };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#publisher.stop(3_000);
    this.#closed = true;
    if (this.#poll) clearTimeout(this.#poll);
    this.#live?.unsubscribe();
    await this.#restarting;
    await this.#messages?.close().catch(() => undefined);
    await this.#consuming;
    this.#delivery.close();
    await this.#o.nats.close();
  }
}
