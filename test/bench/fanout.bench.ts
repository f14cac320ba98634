/**
 * Event fan-out: one agent changes something through replica A (`lock_files` of a numbered path,
 * then an untimed release), at a steady pace; 200 WebSocket subscribers — on A itself, then on
 * another replica B — each receive the `lock.acquired` event. Latency per subscriber and change:
 * from when the change was requested to when that subscriber had the event (the change's own
 * round trip included), and from when the change's answer came back (committed) to the event's arrival.
 * The subscribers run in worker threads (fanout-subscribers.ts), so their parsing does not delay the
 * writer's clock. raw-fanout.ts measures the same 200 clients fed by a bare WebSocket relay.
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server';
import { startSubscribers, type Arrivals } from './fanout-subscribers.ts';
import { percentile } from './stats.ts';

export interface FanoutOptions {
  readonly subscribers: number;
  readonly threads: number;
  readonly changes: number;
  readonly warmup: number;
  readonly intervalMs: number;
}

/** A fan-out cell's deliveries, and their latency from each change's start. */
export interface Deliveries {
  readonly subscribers: number;
  /** Deliveries expected (changes × subscribers) and received. */
  readonly expected: number;
  readonly received: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function deliveries(fromStart: readonly number[], options: FanoutOptions): Deliveries {
  return {
    subscribers: options.subscribers,
    expected: options.changes * options.subscribers,
    received: fromStart.length,
    p50Ms: percentile(fromStart, 50),
    p99Ms: percentile(fromStart, 99),
    maxMs: fromStart.at(-1) ?? Number.NaN,
  };
}

/** Latencies from the change requested to the event at a subscriber. */
export interface FanoutCell extends Deliveries {
  readonly where: 'same replica' | 'another replica';
  readonly threads: number;
  readonly changes: number;
  /** Change answered (committed) → event at a subscriber; negative when the event beat the answer. */
  readonly fromCommitP50Ms: number;
  readonly fromCommitP99Ms: number;
  /** The change's own round trip. */
  readonly changeP50Ms: number;
  readonly changeP99Ms: number;
  readonly subscriberThreadBusy: number;
}

export const now = (): number => performance.timeOrigin + performance.now();
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Latencies of the deliveries of counted changes, sorted: from each change's start, and from its end. */
export function deliveryLatencies(arrivals: Arrivals, started: ReadonlyMap<number, number>, ended: ReadonlyMap<number, number>): { fromStart: number[]; fromEnd: number[] } {
  const fromStart: number[] = [];
  const fromEnd: number[] = [];
  for (const subscriber of arrivals) {
    for (const [n, at] of subscriber) {
      const start = started.get(n);
      const end = ended.get(n);
      if (start === undefined || end === undefined) continue;
      fromStart.push(at - start);
      fromEnd.push(at - end);
    }
  }
  const ascending = (a: number, b: number): number => a - b;
  return { fromStart: fromStart.sort(ascending), fromEnd: fromEnd.sort(ascending) };
}

export async function benchFanout(writerUrl: string, subscriberUrl: string, where: FanoutCell['where'], options: FanoutOptions): Promise<FanoutCell> {
  const prefix = `fanout-${where === 'same replica' ? 'same' : 'other'}-${Date.now()}`;
  const subscribers = startSubscribers('trpc', subscriberUrl, options.subscribers, options.threads, prefix);
  try {
    await subscribers.ready;
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${writerUrl}/trpc` })] });
    const agent = await client.register_agent.mutate({ name: `${prefix}-writer`, kind: 'cli' });
    const requested = new Map<number, number>();
    const answered = new Map<number, number>();
    const changeMs: number[] = [];
    for (let n = 0; n < options.warmup + options.changes; n++) {
      const path = `${prefix}/${n}.ts`;
      const start = now();
      await client.lock_files.mutate({ agent_id: agent.agent_id, paths: [path] });
      const end = now();
      if (n >= options.warmup) {
        requested.set(n, start);
        answered.set(n, end);
        changeMs.push(end - start);
      }
      await client.release_files.mutate({ agent_id: agent.agent_id, paths: [path] });
      await sleep(options.intervalMs);
    }
    await sleep(1_000);
    const { arrivals, busy } = await subscribers.collect();
    const { fromStart, fromEnd } = deliveryLatencies(arrivals, requested, answered);
    changeMs.sort((a, b) => a - b);
    return {
      where,
      ...deliveries(fromStart, options),
      threads: Math.min(options.threads, options.subscribers),
      changes: options.changes,
      fromCommitP50Ms: percentile(fromEnd, 50),
      fromCommitP99Ms: percentile(fromEnd, 99),
      changeP50Ms: percentile(changeMs, 50),
      changeP99Ms: percentile(changeMs, 99),
      subscriberThreadBusy: busy,
    };
  } finally {
    await subscribers.close();
  }
}
