/**
 * Worker side of fanout.bench.ts: opens `count` WebSocket subscribers (each its own connection and tRPC
 * client) on one replica, reports when all are subscribed, then records when each `lock.acquired` of a
 * numbered fan-out path arrives, as absolute time (performance.timeOrigin + now: comparable across threads).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '@agent-coordinator/server';

export interface FanoutJob {
  readonly url: string;
  readonly count: number;
  readonly prefix: string;
}

/** [change number, arrival time] per subscriber. */
export type Arrivals = readonly (readonly [number, number])[][];

const job: FanoutJob = workerData;
const now = (): number => performance.timeOrigin + performance.now();
const arrivals: [number, number][][] = [];
const closers: (() => void)[] = [];
let started = 0;
const pattern = new RegExp(`^${job.prefix}/(\\d+)\\.ts$`);

for (let i = 0; i < job.count; i++) {
  const mine: [number, number][] = [];
  arrivals.push(mine);
  const ws = createWSClient({ url: `${job.url.replace(/^http/, 'ws')}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const sub = client.events.subscribe.subscribe(
    { types: ['lock.acquired'] },
    {
      onStarted: () => {
        if (++started === job.count) parentPort?.postMessage({ type: 'ready' });
      },
      onData: (tracked) => {
        const at = now();
        const event = tracked.data;
        if (event.type !== 'lock.acquired') return;
        for (const lock of event.locks) {
          const match = pattern.exec(lock.path);
          if (match) mine.push([Number(match[1]), at]);
        }
      },
    },
  );
  closers.push(() => {
    sub.unsubscribe();
    ws.close();
  });
}

parentPort?.on('message', (message: { type: string }) => {
  if (message.type !== 'collect') return;
  for (const close of closers) close();
  parentPort?.postMessage({ type: 'arrivals', arrivals, busy: performance.eventLoopUtilization().utilization });
});
