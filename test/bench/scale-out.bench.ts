/**
 * The scale-out part of `npm run bench`: three replica processes on one PostgreSQL and one NATS;
 * claims and lock grants through one replica and through three (replicas.bench.ts), event fan-out to
 * 200 WebSocket subscribers on the writer's replica and on another (fanout.bench.ts) beside its raw
 * baseline (raw-fanout.ts), and each replica's memory after all of it.
 */
import type { Timing } from './closed-loop.ts';
import { benchFanout, type FanoutCell, type FanoutOptions } from './fanout.bench.ts';
import { benchRawFanout, type RawFanoutCell } from './raw-fanout.ts';
import { benchReplicas, startReplicaCluster, type ReplicaCell, type ReplicaMemory } from './replicas.bench.ts';

export interface ScaleOutResult {
  readonly replicas: number;
  readonly cells: readonly ReplicaCell[];
  readonly fanout: readonly FanoutCell[];
  /** The same subscribers fed by a bare WebSocket relay: the fan-out cells' raw baseline. */
  readonly rawFanout: RawFanoutCell;
  readonly memory: readonly ReplicaMemory[];
  readonly seed: number;
}

export const SCALE = { replicas: 3, agentCounts: [1, 8, 32], lockAgents: 32, subscribers: 200, subscriberThreads: 2, changes: 150, warmupChanges: 10, changeIntervalMs: 20 } as const;

/** null when PostgreSQL or NATS is unavailable. */
export async function benchScaleOut(timing: Timing, seed: number, log: (line: string) => void): Promise<ScaleOutResult | null> {
  const cluster = await startReplicaCluster(SCALE.replicas);
  if (!cluster) return null;
  try {
    const cells = await benchReplicas(cluster, { agentCounts: SCALE.agentCounts, replicaCounts: [1, SCALE.replicas], timing, seed, lockAgents: SCALE.lockAgents }, log);
    const [writer, other] = cluster.replicas;
    if (!writer || !other) throw new Error('the scale-out bench needs two replicas');
    const fanoutOptions: FanoutOptions = {
      subscribers: SCALE.subscribers,
      threads: SCALE.subscriberThreads,
      changes: SCALE.changes,
      warmup: SCALE.warmupChanges,
      intervalMs: SCALE.changeIntervalMs,
    };
    log(`fan-out raw baseline: a bare WebSocket relay to ${SCALE.subscribers} subscribers`);
    const rawFanout = await benchRawFanout(fanoutOptions);
    const fanout: FanoutCell[] = [];
    for (const [where, subscriberUrl] of [
      ['same replica', writer.url],
      ['another replica', other.url],
    ] as const) {
      log(`fan-out: ${SCALE.subscribers} WebSocket subscribers on ${where === 'same replica' ? "the writer's replica" : 'another replica'}`);
      fanout.push(await benchFanout(writer.url, subscriberUrl, where, fanoutOptions));
    }
    return { replicas: SCALE.replicas, cells, fanout, rawFanout, memory: await cluster.memory(), seed };
  } finally {
    await cluster.close();
  }
}
