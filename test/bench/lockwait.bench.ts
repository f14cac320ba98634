/**
 * Wait-to-grant latency (BENCH_ONLY=lockwait): one embedded server, a holder and a waiter on their own
 * unbatched clients. Each hand-off: the holder locks a path, the waiter asks for it with wait_seconds,
 * the holder releases; timed from the release's response to the waiter's granted response. Baselines
 * in the same run: the same hand-off with a waiter polling lock_files every 100 ms (what clients did
 * before), and a plain lock_files + release round trip.
 */
import { connect, startTestCoordinator, type Client } from '../support/coordinator.ts';
import { percentile } from './stats.ts';

export interface LockWaitFigures {
  readonly handOffs: number;
  readonly wait: { readonly p50: number; readonly p99: number };
  readonly polling: { readonly p50: number; readonly p99: number };
  readonly roundTrip: { readonly p50: number; readonly p99: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const figures = (samples: number[]): { p50: number; p99: number } => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

async function handOff(holder: { c: Client; id: string }, waiter: { c: Client; id: string }, path: string, waiting: () => number, poll: boolean): Promise<number> {
  await holder.c.lock_files.mutate({ agent_id: holder.id, paths: [path] });
  let grantedAt = 0;
  const got = poll
    ? (async () => {
        for (;;) {
          const r = await waiter.c.lock_files.mutate({ agent_id: waiter.id, paths: [path] });
          if (r.granted) return (grantedAt = performance.now());
          await sleep(100);
        }
      })()
    : waiter.c.lock_files.mutate({ agent_id: waiter.id, paths: [path], wait_seconds: 60 }).then(() => (grantedAt = performance.now()));
  if (!poll) while (waiting() < 1) await sleep(1);
  else await sleep(Math.random() * 100);
  await holder.c.release_files.mutate({ agent_id: holder.id, paths: [path] });
  const releasedAt = performance.now();
  await got;
  await waiter.c.release_files.mutate({ agent_id: waiter.id, paths: [path] });
  return grantedAt - releasedAt;
}

export async function benchLockWait(log: (line: string) => void, handOffs = 200): Promise<LockWaitFigures> {
  const server = await startTestCoordinator('pglite');
  if (!server) throw new Error('the embedded server did not start');
  const connections = [connect(server.url, { batch: false }), connect(server.url, { batch: false })];
  try {
    const [hc, wc] = connections.map((c) => c.client) as [Client, Client];
    const holder = { c: hc, id: (await hc.register_agent.mutate({ name: 'bench-holder' })).agent_id };
    const waiter = { c: wc, id: (await wc.register_agent.mutate({ name: 'bench-waiter' })).agent_id };
    const waiting = (): number => server.server.coordinator.services.locks.waiting;
    const wait: number[] = [];
    for (let i = 0; i < handOffs; i++) {
      wait.push(await handOff(holder, waiter, `bench/w${i % 20}.ts`, waiting, false));
      if ((i + 1) % 50 === 0) log(`  wait_seconds: ${i + 1}/${handOffs} hand-offs, p50 so far ${figures(wait).p50.toFixed(1)} ms`);
    }
    const polling: number[] = [];
    const polls = Math.max(20, Math.round(handOffs / 4));
    for (let i = 0; i < polls; i++) {
      polling.push(await handOff(holder, waiter, `bench/p${i % 20}.ts`, waiting, true));
      if ((i + 1) % 25 === 0) log(`  polling every 100 ms: ${i + 1}/${polls} hand-offs`);
    }
    const roundTrip: number[] = [];
    for (let i = 0; i < handOffs; i++) {
      const started = performance.now();
      await hc.lock_files.mutate({ agent_id: holder.id, paths: ['bench/rt.ts'] });
      roundTrip.push(performance.now() - started);
      await hc.release_files.mutate({ agent_id: holder.id, paths: ['bench/rt.ts'] });
    }
    log(`  plain lock_files round trip: ${handOffs} done`);
    return { handOffs, wait: figures(wait), polling: figures(polling), roundTrip: figures(roundTrip) };
  } finally {
    for (const c of connections) c.close();
    await server.close();
  }
}

export const lockWaitLines = (f: LockWaitFigures): string[] => [
  `release → grant, ${f.handOffs} hand-offs (p50 / p99):`,
  `  lock_files wait_seconds     ${f.wait.p50.toFixed(1)} / ${f.wait.p99.toFixed(1)} ms`,
  `  polling every 100 ms        ${f.polling.p50.toFixed(1)} / ${f.polling.p99.toFixed(1)} ms  (baseline; wait is ${(f.polling.p50 / Math.max(0.01, f.wait.p50)).toFixed(1)}× faster at p50)`,
  `  plain lock_files round trip ${f.roundTrip.p50.toFixed(1)} / ${f.roundTrip.p99.toFixed(1)} ms  (the floor)`,
];
