/**
 * Worker side of fanout-subscribers.ts: opens `count` subscribers on one server — each its own WebSocket
 * connection — reports when all are subscribed, then records when each change numbered by the cell's
 * prefix arrives: a tRPC subscriber waits for the `lock.acquired` event of `<prefix>/<n>.ts`, a raw one
 * for the relayed message naming that path.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '@agent-coordinator/server';
import type { FanoutJob } from './fanout-subscribers.ts';

const job: FanoutJob = workerData;
const now = (): number => performance.timeOrigin + performance.now();
const arrivals: [number, number][][] = [];
const closers: (() => void)[] = [];
let started = 0;
const pattern = new RegExp(`^${job.prefix}/(\\d+)\\.ts$`);
const onStarted = (): void => {
  if (++started === job.count) parentPort?.postMessage({ type: 'ready' });
};
const record = (mine: [number, number][], path: string, at: number): void => {
  const match = pattern.exec(path);
  if (match) mine.push([Number(match[1]), at]);
};

function trpcSubscriber(mine: [number, number][]): () => void {
  const ws = createWSClient({ url: `${job.url.replace(/^http/, 'ws')}/trpc`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  const sub = client.subscribe_events.subscribe(
    { types: ['lock.acquired'] },
    {
      onStarted,
      onData: (tracked) => {
        const at = now();
        const event = tracked.data;
        if (event.type === 'lock.acquired') for (const lock of event.locks) record(mine, lock.path, at);
      },
    },
  );
  return () => {
    sub.unsubscribe();
    ws.close();
  };
}

function rawSubscriber(mine: [number, number][]): () => void {
  const ws = new WebSocket(job.url);
  ws.once('open', onStarted);
  ws.on('message', (data) => {
    const at = now();
    const message = JSON.parse(String(data)) as { result: { data: { data: { locks: { path: string }[] } } } };
    for (const lock of message.result.data.data.locks) record(mine, lock.path, at);
  });
  return () => ws.close();
}

for (let i = 0; i < job.count; i++) {
  const mine: [number, number][] = [];
  arrivals.push(mine);
  closers.push(job.kind === 'trpc' ? trpcSubscriber(mine) : rawSubscriber(mine));
}

parentPort?.on('message', (message: { type: string }) => {
  if (message.type !== 'collect') return;
  for (const close of closers) close();
  parentPort?.postMessage({ type: 'arrivals', arrivals, busy: performance.eventLoopUtilization().utilization });
});
