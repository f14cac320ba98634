/**
 * The subscribers of a fan-out cell, in worker threads (fanout.worker.ts) as 200 clients would be on
 * many machines: one thread parsing all 200 copies of an event one after another would add its own queue
 * to the figure. `tRPC` subscribers use the coordinator's event subscription; `raw` ones are plain
 * WebSocket clients of the raw relay (raw-fanout.ts). Arrivals are absolute times, comparable across threads.
 */
import { Worker } from 'node:worker_threads';

export type SubscriberKind = 'trpc' | 'raw';

export interface FanoutJob {
  readonly kind: SubscriberKind;
  readonly url: string;
  readonly count: number;
  /** Paths (tRPC) or messages (raw) of this cell: `<prefix>/<change number>.ts`. */
  readonly prefix: string;
}

/** [change number, arrival time] per subscriber. */
export type Arrivals = readonly (readonly [number, number])[][];

export interface Subscribers {
  /** Resolves once every subscriber is subscribed (connected, for raw ones). */
  readonly ready: Promise<void>;
  collect(): Promise<{ readonly arrivals: Arrivals; readonly busy: number }>;
  close(): Promise<void>;
}

type WorkerMessage = { readonly type: string; readonly arrivals?: Arrivals; readonly busy?: number };

export function startSubscribers(kind: SubscriberKind, url: string, count: number, threads: number, prefix: string): Subscribers {
  const used = Math.max(1, Math.min(threads, count));
  const workers = Array.from({ length: used }, (_, t) => {
    const job: FanoutJob = { kind, url, count: Math.floor(count / used) + (t < count % used ? 1 : 0), prefix };
    return new Worker(new URL('./fanout.worker.ts', import.meta.url), { workerData: job });
  });
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
  const fromAll = (type: string): Promise<WorkerMessage[]> => Promise.all(workers.map((w) => messageFrom(w, type)));
  const ready = Promise.race([
    fromAll('ready').then(() => undefined),
    new Promise<void>((_, reject) => setTimeout(() => reject(new Error('subscribers did not start within 60 s')), 60_000).unref()),
  ]);
  return {
    ready,
    async collect() {
      const collected = fromAll('arrivals');
      for (const worker of workers) worker.postMessage({ type: 'collect' });
      const all = await collected;
      return { arrivals: all.flatMap((m) => m.arrivals ?? []), busy: all.reduce((sum, m) => sum + (m.busy ?? 0), 0) / all.length };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
