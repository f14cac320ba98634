/** A scripted EventTransport and a manual clock for driving LiveConnection without a server. */
import type { StreamMessage } from '@agent-coordinator/shared';
import type { Snapshot } from '../../../extension/src/common/coordinator-state.ts';
import type { Clock, EventSubscription, EventTransport, SubscriptionHandlers } from '../../../extension/src/common/live-connection.ts';

export class ManualClock implements Clock {
  time = 1_000_000;
  #timers: { at: number; callback: () => void; id: number }[] = [];
  #next = 0;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.#timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  get pending(): number {
    return this.#timers.length;
  }

  /** Runs every timer due within `ms`, in time order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (!next || next.at > until) break;
      this.#timers.shift();
      this.time = next.at;
      next.callback();
    }
    this.time = until;
  }
}

export interface ScriptedSubscription {
  readonly lastEventId: number | null;
  readonly handlers: SubscriptionHandlers;
  closed: boolean;
  started(): void;
  send(message: StreamMessage): void;
  drop(error?: unknown): void;
}

export class ScriptedTransport implements EventTransport {
  readonly subscriptions: ScriptedSubscription[] = [];
  readonly snapshots: { resolve(s: Snapshot): void; reject(e: unknown): void }[] = [];
  /** When set, loadSnapshot answers at once with this. */
  autoSnapshot: Snapshot | null = null;

  get last(): ScriptedSubscription {
    const s = this.subscriptions.at(-1);
    if (!s) throw new Error('no subscription yet');
    return s;
  }

  subscribe(lastEventId: number | null, handlers: SubscriptionHandlers): EventSubscription {
    const sub: ScriptedSubscription = {
      lastEventId,
      handlers,
      closed: false,
      started: () => handlers.onStarted(),
      send: (m) => handlers.onMessage(m),
      drop: (error = new Error('connection closed')) => {
        sub.closed = true;
        handlers.onClosed(error);
      },
    };
    this.subscriptions.push(sub);
    return {
      close: () => {
        sub.closed = true;
      },
    };
  }

  loadSnapshot(): Promise<Snapshot> {
    if (this.autoSnapshot) return Promise.resolve(this.autoSnapshot);
    return new Promise((resolve, reject) => this.snapshots.push({ resolve, reject }));
  }
}

/** Lets pending promise callbacks run. */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
