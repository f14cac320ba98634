/**
 * File-lock grants through the coordinator: one server per engine for all its cells (every granted lock
 * is released in the loop, so cells leave nothing behind), N agents in a worker each looping acquire +
 * release of a path of its own. In the overlap variant every agent also holds a glob, and every fifth
 * request (20%) asks for a file inside the next agent's glob, which the coordinator must refuse. Only
 * the acquire call is timed.
 */
import { connect, startTestCoordinator, type Client, type Engine } from '../support/coordinator.ts';
import { runAgents } from './agent-load.ts';
import type { Timing } from './closed-loop.ts';
import { summarize, type Summary } from './stats.ts';
import { probe, type ServerProbe } from './server-probe.ts';

export const REFUSE_EVERY = 5;

export interface LockCellSpec {
  readonly agents: number;
  readonly overlap: boolean;
}

export interface LockCell extends LockCellSpec {
  readonly engine: Engine;
  readonly summary: Summary;
  /** Grants or refusals other than the expected ones (must be 0). */
  readonly unexpected: number;
  readonly agentThreadBusy: number;
  readonly server: ServerProbe;
}

/** null when the engine is unavailable (no PostgreSQL reachable). */
export async function benchLocks(engine: Engine, specs: readonly LockCellSpec[], timing: Timing): Promise<LockCell[] | null> {
  const coordinator = await startTestCoordinator(engine);
  if (!coordinator) return null;
  const { client, close } = connect(coordinator.url);
  try {
    const cells: LockCell[] = [];
    for (const [index, spec] of specs.entries()) cells.push(await runCell(coordinator.server, client, engine, `c${index}`, spec, timing));
    return cells;
  } finally {
    close();
    await coordinator.close();
  }
}

type Server = NonNullable<Awaited<ReturnType<typeof startTestCoordinator>>>['server'];

async function runCell(server: Server, client: Client, engine: Engine, cell: string, spec: LockCellSpec, timing: Timing): Promise<LockCell> {
  // With the overlap variant one more agent only holds a glob, so a lone looping agent has a neighbour.
  const count = spec.overlap ? spec.agents + 1 : spec.agents;
  const agents = await Promise.all(Array.from({ length: count }, (_, i) => client.register_agent.mutate({ name: `lock-${cell}-${i}`, kind: 'cli' })));
  const glob = (i: number): string => `bench/${cell}/held-${i}/**`;
  if (spec.overlap) {
    for (const [i, agent] of agents.entries()) {
      const held = await client.lock_files.mutate({ paths: [glob(i)], agent_id: agent.agent_id, ttl_seconds: 3600 });
      if (!held.granted) throw new Error(`lock bench setup: ${glob(i)} was not granted`);
    }
  }
  const loopers = agents.slice(0, spec.agents).map((agent, i) => ({
    id: agent.agent_id,
    ownPath: `bench/${cell}/own-${i}/file.ts`,
    refusedPath: spec.overlap ? `bench/${cell}/held-${(i + 1) % count}/x.ts` : null,
  }));

  const locks = server.coordinator.services.locks;
  const lock = {
    original: locks.lockFiles.bind(locks),
    install: (method: typeof locks.lockFiles) => {
      locks.lockFiles = method;
    },
  };
  const { result: report, probe: probed } = await probe(server.coordinator.database, lock, () =>
    runAgents({ kind: 'locks', url: server.url, agents: loopers, refuseEvery: spec.overlap ? REFUSE_EVERY : 0, timing }),
  );
  if (spec.overlap) {
    await Promise.all(agents.map((agent, i) => client.release_files.mutate({ paths: [glob(i)], agent_id: agent.agent_id })));
  }
  return { ...spec, engine, summary: summarize(report.loop), unexpected: report.unexpected, agentThreadBusy: report.agentThreadBusy, server: probed };
}
