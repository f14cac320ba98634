/**
 * Delivers sequenced events to subscribers in this process. The in-process bus is the embedded default;
 * a broker-backed bus (NATS JetStream) implements the same interface for several replicas.
 */
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { NO_METRICS, type Metrics } from '../ops/metrics.ts';

export type EventListener = (event: CoordinatorEvent) => void;

/** A broker-backed bus's state, for /metrics, /readyz and the start-up line. */
export interface BrokerStatus {
  readonly replicaId: string;
  /** The broker connection is up. */
  readonly connected: boolean;
  /** This replica holds the outbox publisher lease. */
  readonly leader: boolean;
  /** Highest seq this replica knows to be in the stream (as leader), else null. */
  readonly publishedSeq: number | null;
  /** Events this replica published (re-publishes included). */
  readonly published: number;
  /** Publish rounds that failed (broker away). */
  readonly failures: number;
  /** Highest seq handed to this replica's subscribers; null before the bus started. */
  readonly deliveredSeq: number | null;
}

export interface EventBus {
  /** Events this process just numbered, in seq order. */
  publish(events: readonly CoordinatorEvent[]): void;
  /** Every event, from any replica, once each and in seq order. */
  subscribe(listener: EventListener): () => void;
  readonly subscriberCount: number;
  /** The broker's state; null for the in-process bus (no broker). */
  readonly broker: BrokerStatus | null;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #metrics: Metrics;
  readonly broker = null;

  constructor(metrics: Metrics = NO_METRICS) {
    this.#metrics = metrics;
  }

  publish(events: readonly CoordinatorEvent[]): void {
    for (const event of events) {
      this.#metrics.eventDelivered(event);
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch {
          // one failing subscriber must not stop delivery to the others
        }
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}
