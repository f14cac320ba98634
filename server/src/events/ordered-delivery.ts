/**
 * A replica's local fan-out in `seq` order, without gaps or repeats, fed from several sources that each
 * may be late, repeat themselves or arrive out of order: the events this replica numbered itself, the
 * JetStream consumer (every replica's events) and a periodic read of the database log (the safety net
 * while NATS is away). An event is handed to the listeners only once every lower seq has been; a gap
 * that the feeds do not close within `gapWaitMs` is read from the log. A gap the log cannot close
 * either (pruned by retention meanwhile) is passed over: each subscriber's stream then finds the hole
 * in the log itself and sends its explicit resync (event.service.ts).
 */
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import type { EventListener } from './event-bus.ts';
import { NO_METRICS, type Metrics } from '../ops/metrics.ts';

const PAGE = 1000;

export interface OrderedDeliveryOptions {
  /** Reads numbered events after a seq from the database log. */
  readonly read: (after: number, limit: number) => Promise<CoordinatorEvent[]>;
  /** How long an out-of-order event waits for the missing ones before they are read from the log. */
  readonly gapWaitMs: number;
  readonly onError: (error: unknown) => void;
  /** Told of each event handed to the listeners (delivery latency). */
  readonly metrics?: Metrics;
}

export class OrderedDelivery {
  readonly #options: OrderedDeliveryOptions;
  readonly #listeners = new Set<EventListener>();
  readonly #pending = new Map<number, CoordinatorEvent>();
  /** Highest seq handed to the listeners; null until `start` knows the log's head. */
  #last: number | null = null;
  #gapTimer: NodeJS.Timeout | null = null;
  #reading: Promise<void> | null = null;
  #closed = false;
  #staleMs = 0;

  constructor(options: OrderedDeliveryOptions) {
    this.#options = options;
  }

  get last(): number | null {
    return this.#last;
  }

  /** Begins delivering after `head` (the log's head when the replica starts): older events are history. */
  start(head: number): void {
    this.#last = head;
    this.#drain();
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  offer(events: readonly CoordinatorEvent[]): void {
    if (this.#closed) return;
    for (const event of events) {
      if ((this.#last !== null && event.id <= this.#last) || this.#pending.has(event.id)) continue;
      this.#pending.set(event.id, event);
    }
    this.#drain();
  }

  /**
   * Reads anything past the last delivered seq from the log (the periodic safety net). Resolves with the
   * age of the oldest event only this read delivered (0 if none): an old one means a feed has stopped.
   */
  async catchUp(): Promise<number> {
    this.#staleMs = 0;
    await this.#readLog();
    return this.#staleMs;
  }

  close(): void {
    this.#closed = true;
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.#gapTimer = null;
    this.#pending.clear();
    this.#listeners.clear();
  }

  #drain(): void {
    if (this.#last === null) return;
    for (let next = this.#pending.get(this.#last + 1); next; next = this.#pending.get(this.#last + 1)) {
      this.#pending.delete(next.id);
      this.#last = next.id;
      this.#deliver(next);
    }
    // Left behind by a jump of the position (start, or a pruned stretch passed over): already history.
    for (const seq of this.#pending.keys()) if (seq <= this.#last) this.#pending.delete(seq);
    if (this.#pending.size === 0) {
      if (this.#gapTimer) clearTimeout(this.#gapTimer);
      this.#gapTimer = null;
    } else if (!this.#gapTimer) {
      this.#gapTimer = setTimeout(() => {
        this.#gapTimer = null;
        void this.#readLog();
      }, this.#options.gapWaitMs);
    }
  }

  #deliver(event: CoordinatorEvent): void {
    (this.#options.metrics ?? NO_METRICS).eventDelivered(event);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // one failing subscriber must not stop delivery to the others
      }
    }
  }

  /** One reader at a time; pages until the log has nothing newer, then passes over holes it cannot fill. */
  #readLog(): Promise<void> {
    this.#reading ??= (async () => {
      try {
        while (!this.#closed && this.#last !== null) {
          const page = await this.#options.read(this.#last, PAGE);
          if (page.length === 0) break;
          const first = page[0];
          // The log starts above the next seq: those events were pruned; continue at what is there.
          if (first && first.id > this.#last + 1 && !this.#pending.has(this.#last + 1)) this.#last = first.id - 1;
          const before = this.#last;
          this.offer(page);
          const now = Date.now();
          for (const event of page) if (event.id > before && event.id <= this.#last) this.#staleMs = Math.max(this.#staleMs, now - Date.parse(event.at));
          if (page.length < PAGE) break;
        }
        let lowest: number | null = null;
        for (const seq of this.#pending.keys()) if (lowest === null || seq < lowest) lowest = seq;
        if (lowest !== null && this.#last !== null && lowest > this.#last + 1) {
          this.#last = lowest - 1; // not in the log (pruned): subscribers' streams resync on the hole
          this.#drain();
        }
      } catch (error) {
        this.#options.onError(error);
      } finally {
        this.#reading = null;
      }
    })();
    return this.#reading;
  }
}
