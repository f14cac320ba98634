/**
 * Event fan-out: one agent changes something through replica A (`locks.acquire` of a numbered path,
 * then an untimed release), at a steady pace; 200 WebSocket subscribers — on A itself, then on
 * another replica B — each receive the `lock.acquired` event. Latency per subscriber and change:
 * from when the change was requested to when that subscriber had the event (the change's own
 * round trip included), and from when the change's answer came back (committed) to the event's arrival.
 * The subscribers run in worker threads, so their parsing does not delay the writer's clock.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server';
import type { Arrivals, FanoutJob } from './fanout.worker.ts';
import { percentile } from './stats.ts';

export interface FanoutCell {
  readonly where: 'same replica' | 'another replica';
  readonly subscribers: number;
  readonly threads: number;
  readonly changes: number;
  /** Deliveries expected (changes × subscribers) and received. */
  readonly expected: number;
  readonly received: number;
  /** Change requested → event at a subscriber. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Change answered (committed) → event at a subscriber; negative when the event beat the answer. */
  readonly fromCommitP50Ms: number;
  readonly fromCommitP99Ms: number;
  /** The change's own round trip. */
  readonly changeP50Ms: number;
  readonly changeP99Ms: number;
  readonly subscriberThreadBusy: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchFanout(
  writerUrl: string,
  subscriberUrl: string,
  where: FanoutCell['where'],
  options: { readonly subscribers: number; readonly threads: number; readonly changes: number; readonly warmup: number; readonly intervalMs: number },
): Promise<FanoutCell> {
  const prefix = `fanout-${where === 'same replica' ? 'same' : 'other'}-${Date.now()}`;
  // The subscribers are split over a few threads, as 200 clients would be over many machines: one thread
  // parsing all 200 copies of an event one after another would add its own queue to the figure.
  const threads = Math.max(1, Math.min(options.threads, options.subscribers));
  const workers = Array.from({ length: threads }, (_, t) => {
    const job: FanoutJob = { url: subscriberUrl, count: Math.floor(options.subscribers / threads) + (t < options.subscribers % threads ? 1 : 0), prefix };
    return new Worker(new URL('./fanout.worker.ts', import.meta.url), { workerData: job });
  });
  type WorkerMessage = { readonly type: string; readonly arrivals?: Arrivals; readonly busy?: number };
  const messageFrom = (worker: Worker, type: string): Promise<WorkerMessage> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: WorkerMessage): void => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const message = async (type: string): Promise<WorkerMessage> => {
    const all = await Promise.all(workers.map((w) => messageFrom(w, type)));
    return { type, arrivals: all.flatMap((m) => m.arrivals ?? []), busy: all.reduce((sum, m) => sum + (m.busy ?? 0), 0) / all.length };
  };
  try {
    const ready = message('ready');
    await Promise.race([ready, sleep(60_000).then(() => Promise.reject(new Error('subscribers did not start within 60 s')))]);
    const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${writerUrl}/trpc` })] });
    const agent = await client.agents.register.mutate({ name: `${prefix}-writer`, kind: 'cli' });
    const requested = new Map<number, number>();
    const answered = new Map<number, number>();
    const changeMs: number[] = [];
    for (let n = 0; n < options.warmup + options.changes; n++) {
      const path = `${prefix}/${n}.ts`;
      const start = now();
      if (n >= options.warmup) requested.set(n, start);
      await client.locks.acquire.mutate({ agent_id: agent.agent_id, paths: [path] });
      const end = now();
      if (n >= options.warmup) {
        answered.set(n, end);
        changeMs.push(end - start);
      }
      await client.locks.release.mutate({ agent_id: agent.agent_id, paths: [path] });
      await sleep(options.intervalMs);
    }
    await sleep(1_000);
    const collected = message('arrivals');
    for (const worker of workers) worker.postMessage({ type: 'collect' });
    const { arrivals = [], busy = Number.NaN } = await collected;
    const latencies: number[] = [];
    const fromCommit: number[] = [];
    let received = 0;
    for (const subscriber of arrivals) {
      for (const [n, at] of subscriber) {
        const start = requested.get(n);
        const end = answered.get(n);
        if (start === undefined || end === undefined) continue;
        received++;
        latencies.push(at - start);
        fromCommit.push(at - end);
      }
    }
    const sort = (values: number[]): number[] => values.sort((a, b) => a - b);
    sort(latencies);
    sort(fromCommit);
    sort(changeMs);
    return {
      where,
      subscribers: options.subscribers,
      threads,
      changes: options.changes,
      expected: options.changes * options.subscribers,
      received,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? Number.NaN,
      fromCommitP50Ms: percentile(fromCommit, 50),
      fromCommitP99Ms: percentile(fromCommit, 99),
      changeP50Ms: percentile(changeMs, 50),
      changeP99Ms: percentile(changeMs, 99),
      subscriberThreadBusy: busy,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
