/**
 * A small Prometheus registry: counters, gauges (set, or read from a callback at scrape time) and
 * histograms, rendered in the text exposition format (version 0.0.4). Enough for /metrics without a
 * dependency; names follow Prometheus conventions (`_total` counters, base units: seconds, bytes).
 */
type Labels = Readonly<Record<string, string>>;

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels): string => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};
const keyOf = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const num = (value: number): string => (Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN');

interface Metric {
  readonly name: string;
  render(): Promise<string[]>;
}

export class Counter implements Metric {
  readonly name: string;
  readonly #help: string;
  readonly #values = new Map<string, { labels: Labels; value: number }>();

  constructor(name: string, help: string) {
    this.name = name;
    this.#help = help;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += by;
    else this.#values.set(key, { labels, value: by });
  }

  value(labels: Labels = {}): number {
    return this.#values.get(keyOf(labels))?.value ?? 0;
  }

  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${this.#help}`, `# TYPE ${this.name} counter`];
    if (this.#values.size === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.#values.values()) lines.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return lines;
  }
}

/** A value read when scraped; `read` may query the database (the registry bounds how long it waits). */
export type GaugeReader = () => number | readonly (readonly [Labels, number])[] | Promise<number | readonly (readonly [Labels, number])[]>;

/** A value read at scrape time: a gauge, or a counter kept elsewhere (`type: 'counter'`). */
export class Gauge implements Metric {
  readonly name: string;
  readonly #help: string;
  readonly #read: GaugeReader;
  readonly #type: 'gauge' | 'counter';

  constructor(name: string, help: string, read: GaugeReader, type: 'gauge' | 'counter' = 'gauge') {
    this.name = name;
    this.#help = help;
    this.#read = read;
    this.#type = type;
  }

  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${this.#help}`, `# TYPE ${this.name} ${this.#type}`];
    const value = await this.#read();
    if (typeof value === 'number') lines.push(`${this.name} ${num(value)}`);
    else for (const [labels, v] of value) lines.push(`${this.name}${labelText(labels)} ${num(v)}`);
    return lines;
  }
}

export class Histogram implements Metric {
  readonly name: string;
  readonly #help: string;
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  constructor(name: string, help: string, bounds: readonly number[]) {
    this.name = name;
    this.#help = help;
    this.#bounds = [...bounds].sort((a, b) => a - b);
    this.#counts = this.#bounds.map(() => 0);
  }

  observe(value: number): void {
    this.#sum += value;
    this.#count++;
    const index = this.#bounds.findIndex((bound) => value <= bound);
    if (index >= 0) this.#counts[index] = (this.#counts[index] ?? 0) + 1;
  }

  get count(): number {
    return this.#count;
  }

  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${this.#help}`, `# TYPE ${this.name} histogram`];
    let cumulative = 0;
    this.#bounds.forEach((bound, i) => {
      cumulative += this.#counts[i] ?? 0;
      lines.push(`${this.name}_bucket{le="${num(bound)}"} ${cumulative}`);
    });
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.#count}`, `${this.name}_sum ${num(this.#sum)}`, `${this.name}_count ${this.#count}`);
    return lines;
  }
}

export class Registry {
  readonly #metrics: Metric[] = [];
  readonly #timeoutMs: number;

  constructor(options: { readonly scrapeTimeoutMs?: number } = {}) {
    this.#timeoutMs = options.scrapeTimeoutMs ?? 2_000;
  }

  counter(name: string, help: string): Counter {
    return this.#add(new Counter(name, help));
  }

  gauge(name: string, help: string, read: GaugeReader, type: 'gauge' | 'counter' = 'gauge'): Gauge {
    return this.#add(new Gauge(name, help, read, type));
  }

  histogram(name: string, help: string, bounds: readonly number[]): Histogram {
    return this.#add(new Histogram(name, help, bounds));
  }

  /** The exposition text. A gauge whose reader fails or is slow (the database away) is left out, not the scrape. */
  async render(): Promise<string> {
    const parts = await Promise.all(
      this.#metrics.map(async (metric) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), this.#timeoutMs)));
        try {
          return await Promise.race([metric.render(), timeout]);
        } catch {
          return [];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return `${parts.flat().join('\n')}\n`;
  }

  #add<M extends Metric>(metric: M): M {
    if (this.#metrics.some((m) => m.name === metric.name)) throw new Error(`metric ${metric.name} registered twice`);
    this.#metrics.push(metric);
    return metric;
  }
}
