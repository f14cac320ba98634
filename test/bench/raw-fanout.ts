/**
 * The raw baseline of the fan-out cells, measured in the same run: the same 200 subscribers on the same
 * threads (fanout-subscribers.ts), fed by a bare WebSocket relay in its own process
 * (raw-fanout.server.ts) instead of a replica. The writer sends a message shaped and sized like the
 * coordinator's `lock.acquired` frame at the same pace; latency is from the send to each arrival. What it
 * leaves out — the database, the numbering, tRPC — is what the coordinator adds.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { deliveries, deliveryLatencies, now, sleep, type Deliveries, type FanoutOptions } from './fanout.bench.ts';
import { startSubscribers } from './fanout-subscribers.ts';

/** Latencies from the writer's send to the message at a subscriber. */
export type RawFanoutCell = Deliveries;

/** A tRPC subscription frame of a `lock.acquired` event, as a replica sends it. */
function frame(prefix: string, n: number): string {
  const at = new Date().toISOString();
  const lock = { lock_id: crypto.randomUUID(), path: `${prefix}/${n}.ts`, mode: 'exclusive', held_by: `${prefix}-writer`, held_by_id: crypto.randomUUID() };
  const event = { type: 'lock.acquired', locks: [{ ...lock, task_id: null, task_key: null, reason: null, acquired_at: at, expires_at: at, fencing_token: n }], id: n, at, project: 'local' };
  return JSON.stringify({ id: 1, jsonrpc: '2.0', result: { type: 'data', id: String(n), data: { id: String(n), data: event } } });
}

export async function benchRawFanout(options: FanoutOptions): Promise<RawFanoutCell> {
  const relay = spawn(process.execPath, [fileURLToPath(new URL('./raw-fanout.server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = (await once(relay.stdout, 'data')) as [Buffer];
    const url = `ws://127.0.0.1:${Number.parseInt(chunk.toString(), 10)}`;
    const prefix = `raw-fanout-${Date.now()}`;
    const subscribers = startSubscribers('raw', `${url}/`, options.subscribers, options.threads, prefix);
    try {
      await subscribers.ready;
      const writer = new WebSocket(`${url}/writer`);
      await once(writer, 'open');
      const sent = new Map<number, number>();
      for (let n = 0; n < options.warmup + options.changes; n++) {
        const message = frame(prefix, n);
        const at = now();
        writer.send(message);
        if (n >= options.warmup) sent.set(n, at);
        await sleep(options.intervalMs);
      }
      await sleep(1_000);
      writer.close();
      const { arrivals } = await subscribers.collect();
      return deliveries(deliveryLatencies(arrivals, sent, sent).fromStart, options);
    } finally {
      await subscribers.close();
    }
  } finally {
    relay.kill('SIGTERM');
  }
}
