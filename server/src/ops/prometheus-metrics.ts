/**
 * The replica's Prometheus registry (prom-client): the counters and histogram the instrumentation points
 * of metrics.ts feed, plus `gauge()` for values read at scrape time. One registry per coordinator, never
 * prom-client's global one, so several servers in one process (the tests) keep their own figures.
 *
 * A scrape-time reader that fails or takes longer than the scrape timeout (the database away) leaves its
 * metric without a sample for that scrape instead of failing the whole scrape.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from './metrics.ts';

/** A value read at scrape time. */
export type GaugeReader = () => number | Promise<number>;

export interface GaugeOptions {
  /** A counter kept elsewhere (a running total read at scrape), exposed with the counter type. */
  readonly counter?: boolean;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly #scrapeTimeoutMs: number;
  readonly #claims: Counter;
  readonly #committed: Counter<'type'>;
  readonly #lockRequests: Counter<'outcome'>;
  readonly #lockConflicts: Counter;
  readonly #delivery: Histogram;

  constructor(options: { readonly scrapeTimeoutMs?: number } = {}) {
    this.#scrapeTimeoutMs = options.scrapeTimeoutMs ?? 2_000;
    const registers = [this.registry];
    this.#claims = new Counter({ name: 'coordinator_claims_total', help: 'Tasks claimed through this replica.', registers });
    this.#committed = new Counter({
      name: 'coordinator_events_committed_total',
      help: 'Events committed by changes made through this replica, by type.',
      labelNames: ['type'],
      registers,
    });
    this.#lockRequests = new Counter({
      name: 'coordinator_lock_requests_total',
      help: 'Lock requests through this replica, by outcome (granted, refused).',
      labelNames: ['outcome'],
      registers,
    });
    for (const outcome of ['granted', 'refused']) this.#lockRequests.inc({ outcome }, 0);
    this.#lockConflicts = new Counter({ name: 'coordinator_lock_conflicts_total', help: 'Conflicting holders named in refused lock requests.', registers });
    this.#delivery = new Histogram({
      name: 'coordinator_event_delivery_seconds',
      help: "From an event's transaction start to its hand-over to this replica's subscribers.",
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  eventsCommitted(payloads: Parameters<Metrics['eventsCommitted']>[0]): void {
    for (const payload of payloads) {
      this.#committed.inc({ type: payload.type });
      if (payload.type === 'task.claimed') this.#claims.inc();
    }
  }

  eventDelivered(event: Parameters<Metrics['eventDelivered']>[0]): void {
    this.#delivery.observe(Math.max(0, Date.now() - Date.parse(event.at)) / 1000);
  }

  lockAnswered(answer: Parameters<Metrics['lockAnswered']>[0]): void {
    this.#lockRequests.inc({ outcome: answer.granted ? 'granted' : 'refused' });
    if (!answer.granted) this.#lockConflicts.inc(answer.conflicts);
  }

  /** A metric whose value is read when scraped; `read` may query the database (bounded by the scrape timeout). */
  gauge(name: string, help: string, read: GaugeReader, options: GaugeOptions = {}): void {
    const timeoutMs = this.#scrapeTimeoutMs;
    const config = { name, help, registers: [this.registry] };
    const collect = async function (this: Gauge | Counter): Promise<void> {
      const value = await withTimeout(read, timeoutMs);
      this.reset();
      if (value === undefined) this.remove();
      else if (this instanceof Gauge) this.set(value);
      else this.inc(value);
    };
    if (options.counter) new Counter({ ...config, collect });
    else new Gauge({ ...config, collect });
  }

  /** The exposition text (format 0.0.4) and its content type. */
  async render(): Promise<{ readonly contentType: string; readonly text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/** The reader's value, or undefined when it fails or outlasts the timeout. */
async function withTimeout<T>(read: () => T | Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    return await Promise.race([Promise.resolve().then(read), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
