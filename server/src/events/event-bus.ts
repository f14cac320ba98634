/**
 * Delivers sequenced events to subscribers in this process. The in-process bus is the embedded default;
 * a broker-backed bus (NATS JetStream) implements the same interface for several replicas.
 */
import type { CoordinatorEvent } from '@agent-coordinator/shared';

export type EventListener = (event: CoordinatorEvent) => void;

export interface EventBus {
  /** Events this process just numbered, in seq order. */
  publish(events: readonly CoordinatorEvent[]): void;
  /** Every event, from any replica, once each and in seq order. */
  subscribe(listener: EventListener): () => void;
  readonly subscriberCount: number;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  readonly #listeners = new Set<EventListener>();

  publish(events: readonly CoordinatorEvent[]): void {
    for (const event of events) {
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
