/**
 * The scale-out part of the report: table rows with their targets (the issue's: three replicas claim at
 * least 1.3× one replica's rate at 32 agents; fan-out p99 ≤ 10 ms on the writer's replica and ≤ 25 ms on
 * another, to 200 subscribers; RSS ≤ 200 MiB per replica), checks, and notes on where the time goes.
 */
import type { RawCell } from './report.ts';
import type { ScaleOutResult } from './scale-out.bench.ts';
import type { ReplicaCell } from './replicas.bench.ts';
import type { ReportRow } from './stats.ts';

export const SCALE_TARGETS = { replicaSpeedup: 1.3, atAgents: 32, fanoutSameP99Ms: 10, fanoutOtherP99Ms: 25, rssMiB: 200 } as const;

export interface ScaleReport {
  readonly rows: ReportRow[];
  readonly checks: string[];
  readonly notes: string[];
}

const n1 = (v: number): string => v.toFixed(1);
const pct = (v: number): string => `${Math.round(v * 100)}%`;
const n2 = (v: number): string => v.toFixed(2);

/**
 * What the machine allows: the CPU one claim cost at one replica — all of the machine's busy time, so the
 * kernel's share of the loopback traffic counts too — and the claims/s the machine's cores would sustain at
 * that cost. Replicas can only share that CPU differently, so its ratio to one replica's rate bounds what
 * any number of replicas reaches here.
 */
function machineCeiling(single: ReplicaCell, several: ReplicaCell | undefined): string {
  const { cpu } = single;
  const rate = single.summary.perSecond;
  const msPerClaim = (cores: number): number => (cores / rate) * 1000;
  const busy = cpu.machine * cpu.cores;
  const attributed = cpu.replicas.reduce((sum, c) => sum + c, 0) + cpu.postgres + cpu.nats + cpu.bench;
  const bound = 1 / cpu.machine;
  return (
    `At one replica the machine was ${pct(cpu.machine)} busy: a claim cost ${n2(msPerClaim(busy))} ms of CPU in all (the replica ${n2(msPerClaim(cpu.replicas[0] ?? 0))}, ` +
    `PostgreSQL ${n2(msPerClaim(cpu.postgres))}, NATS ${n2(msPerClaim(cpu.nats))}, the agents ${n2(msPerClaim(cpu.bench))}, the kernel and the rest ${n2(msPerClaim(Math.max(0, busy - attributed)))}); ` +
    `${cpu.cores} cores sustain at most ≈${Math.round(rate * bound)} claims/s at that cost, ${n1(bound)}× what one replica did, however replicas share the work` +
    `${several ? ` (${several.replicas} replicas kept the machine ${pct(several.cpu.machine)} busy)` : ''}.` +
    (bound < SCALE_TARGETS.replicaSpeedup
      ? ` The ${SCALE_TARGETS.replicaSpeedup}× target needs the replicas on cores of their own, apart from PostgreSQL and the load.`
      : ' Replicas add throughput up to that bound once their batches do not queue for the lock-space advisory lock.')
  );
}

export function buildScaleReport(result: ScaleOutResult, raws: readonly RawCell[]): ScaleReport {
  const rows: ReportRow[] = [];
  const notes: string[] = [];
  const raw = (agents: number): number | null => raws.find((r) => r.engine === 'postgresql' && r.agents === agents)?.summary.perSecond ?? null;
  const claimRate = (replicas: number, agents: number): number | null =>
    result.cells.find((c) => c.kind === 'claims' && c.replicas === replicas && c.agents === agents)?.summary.perSecond ?? null;
  const base = (replicas: number): string => `pg+nats ×${replicas}`;

  for (const cell of result.cells) {
    const s = cell.summary;
    const rawPerSecond = raw(cell.agents);
    let target: string | null = null;
    let met: boolean | null = null;
    if (cell.kind === 'claims' && cell.replicas > 1 && cell.agents === SCALE_TARGETS.atAgents) {
      const one = claimRate(1, cell.agents);
      target = `≥${SCALE_TARGETS.replicaSpeedup}× ×1`;
      met = one !== null && one > 0 && s.perSecond / one >= SCALE_TARGETS.replicaSpeedup;
    }
    rows.push({
      engine: base(cell.replicas),
      agents: cell.agents,
      metric: cell.kind === 'claims' ? `claim via ${cell.replicas} replica${cell.replicas > 1 ? 's' : ''}, next→complete` : `lock acquire via ${cell.replicas} replica${cell.replicas > 1 ? 's' : ''}, own path`,
      value: s.perSecond,
      unit: cell.kind === 'claims' ? 'claims/s' : 'ops/s',
      p50Ms: s.p50Ms,
      p99Ms: s.p99Ms,
      rawPerSecond,
      ratioToRaw: rawPerSecond && rawPerSecond > 0 ? s.perSecond / rawPerSecond : null,
      target,
      met,
    });
    if (cell.agents === SCALE_TARGETS.atAgents) {
      notes.push(
        `${base(cell.replicas)}, ${cell.agents} agents, ${cell.kind}: ${n1(s.perSecond)}/s, p99 ${n1(s.p99Ms)} ms; CPU in cores: replicas ${cell.cpu.replicas.map(n2).join(' / ')}, ` +
          `PostgreSQL ${n2(cell.cpu.postgres)}, NATS ${n2(cell.cpu.nats)}, agents ${n2(cell.cpu.bench)} (their thread ${pct(cell.agentThreadBusy)} busy); the machine ${pct(cell.cpu.machine)} of its ${cell.cpu.cores} cores; ` +
          `database sessions busy ${n1(cell.activeSessions)} on average, ${n1(cell.advisoryWaiters)} of them waiting for the lock-space advisory lock.`,
      );
    }
  }
  const one = claimRate(1, SCALE_TARGETS.atAgents);
  const three = claimRate(result.replicas, SCALE_TARGETS.atAgents);
  if (one !== null && three !== null && one > 0) {
    const single = result.cells.find((c) => c.kind === 'claims' && c.replicas === 1 && c.agents === SCALE_TARGETS.atAgents);
    const several = result.cells.find((c) => c.kind === 'claims' && c.replicas === result.replicas && c.agents === SCALE_TARGETS.atAgents);
    notes.push(`  ${result.replicas} replicas claim ${n1(three / one)}× what one does at ${SCALE_TARGETS.atAgents} agents.${single ? ` ${machineCeiling(single, several)}` : ''}`);
  }

  const relay = result.rawFanout;
  rows.push({
    engine: 'raw ws',
    agents: null,
    metric: `raw baseline: a bare ws relay to the same ${relay.subscribers} subscribers, send→message`,
    value: relay.p99Ms,
    unit: 'ms p99',
    p50Ms: relay.p50Ms,
    p99Ms: relay.p99Ms,
    rawPerSecond: null,
    ratioToRaw: null,
    target: null,
    met: null,
  });
  for (const cell of result.fanout) {
    const limit = cell.where === 'same replica' ? SCALE_TARGETS.fanoutSameP99Ms : SCALE_TARGETS.fanoutOtherP99Ms;
    // For latencies ×raw is the figure over the raw relay's p99 of the same run.
    const overRaw = (p99: number) => ({ rawPerSecond: null, ratioToRaw: relay.p99Ms > 0 ? p99 / relay.p99Ms : null });
    rows.push({
      engine: 'pg+nats',
      agents: null,
      metric: `fan-out to ${cell.subscribers} WS subscribers, ${cell.where}: commit→event`,
      value: cell.fromCommitP99Ms,
      unit: 'ms p99',
      p50Ms: cell.fromCommitP50Ms,
      p99Ms: cell.fromCommitP99Ms,
      ...overRaw(cell.fromCommitP99Ms),
      target: `p99≤${limit} ms`,
      met: cell.fromCommitP99Ms <= limit && cell.received === cell.expected,
    });
    rows.push({
      engine: 'pg+nats',
      agents: null,
      metric: `fan-out to ${cell.subscribers} WS subscribers, ${cell.where}: request→event`,
      value: cell.p99Ms,
      unit: 'ms p99',
      p50Ms: cell.p50Ms,
      p99Ms: cell.p99Ms,
      ...overRaw(cell.p99Ms),
      target: null,
      met: null,
    });
    notes.push(
      `fan-out, ${cell.where}: ${cell.received}/${cell.expected} deliveries (${cell.changes} changes × ${cell.subscribers} subscribers on ${cell.threads} threads); ` +
        `the change itself (lock acquire, answered when committed) p50 ${n1(cell.changeP50Ms)} / p99 ${n1(cell.changeP99Ms)} ms; commit→event p50 ${n1(cell.fromCommitP50Ms)} / p99 ${n1(cell.fromCommitP99Ms)} ms, ` +
        `the slowest delivery ${n1(cell.maxMs)} ms after the request; subscriber threads busy ${pct(cell.subscriberThreadBusy)}. ` +
        `Commit→event is the numbering statement (its own commit) plus one WebSocket write per subscriber, one after another on the replica's thread` +
        (cell.where === 'another replica' ? ', plus the hop to the other replica over NATS (core subject <stream>.live).' : '.'),
    );
  }
  notes.push(
    `fan-out raw baseline: a bare ws relay in its own process sends each message to the same ${relay.subscribers} subscribers: ${relay.received}/${relay.expected} delivered, ` +
      `p50 ${n1(relay.p50Ms)} / p99 ${n1(relay.p99Ms)} / max ${n1(relay.maxMs)} ms from the send.` +
      (relay.p99Ms > SCALE_TARGETS.fanoutSameP99Ms
        ? ` That floor — one socket write per subscriber, with the subscribers on the same cores — is itself above the ${SCALE_TARGETS.fanoutSameP99Ms} ms target on this machine.`
        : ''),
  );

  for (const memory of result.memory) {
    rows.push({
      engine: 'pg+nats',
      agents: null,
      metric: `RSS of ${memory.name} after the cells (peak ${n1(memory.peakRssMiB)})`,
      value: memory.rssMiB,
      unit: 'MiB',
      p50Ms: null,
      p99Ms: null,
      rawPerSecond: null,
      ratioToRaw: null,
      target: `≤${SCALE_TARGETS.rssMiB} MiB`,
      met: memory.rssMiB <= SCALE_TARGETS.rssMiB,
    });
  }

  const claims = result.cells.filter((c) => c.kind === 'claims');
  const claimed = claims.reduce((sum, c) => sum + (c.summary.outcomes['claimed'] ?? 0), 0);
  const duplicates = claims.reduce((sum, c) => sum + c.duplicates, 0);
  const errors = result.cells.reduce((sum, c) => sum + c.summary.errors, 0);
  const firstError = result.cells.find((c) => c.summary.firstError !== null)?.summary.firstError;
  const lost = result.fanout.reduce((sum, c) => sum + c.expected - c.received, 0);
  const checks = [
    `scale-out checks: ${claimed} claims through the replicas, ${duplicates} handed out twice; ${errors} failed calls${firstError ? ` (first: ${firstError})` : ''}; ` +
      `${lost} fan-out deliveries missing.`,
  ];
  return { rows, checks, notes };
}
