/**
 * Claims through the coordinator: a fresh server per cell, seeded with open tasks of 1–2 distinct files
 * each (so every claim also takes locks), N registered agents in a worker looping `get_next_task` over
 * HTTP. Only the claim call is timed. Two loops: `next` alone, as the raw loop does (every claimed task
 * keeps its locks, so live locks pile up), and `next` then `complete` (untimed), an agent's real cycle,
 * where live locks stay at about one task's files per agent.
 */
import { PRIORITY_RANK } from '@agent-coordinator/shared';
import { connect, startTestCoordinator, type Engine } from '../support/coordinator.ts';
import { runAgents } from './agent-load.ts';
import type { Timing } from './closed-loop.ts';
import { summarize, type Summary } from './stats.ts';
import { probe, type ServerProbe } from './server-probe.ts';
import { sqlText } from '../support/sql-text.ts';

export interface ClaimCell {
  readonly engine: Engine;
  readonly agents: number;
  readonly complete: boolean;
  readonly seeded: number;
  readonly summary: Summary;
  readonly duplicates: number;
  readonly missingLocks: number;
  readonly openLeft: number;
  readonly liveLocksAfter: number;
  readonly agentThreadBusy: number;
  readonly server: ServerProbe;
}

/** null when the engine is unavailable (no PostgreSQL reachable). */
export async function benchClaims(engine: Engine, agents: number, complete: boolean, timing: Timing, seed: number): Promise<ClaimCell | null> {
  const coordinator = await startTestCoordinator(engine);
  if (!coordinator) return null;
  const { client, close } = connect(coordinator.url);
  try {
    const db = coordinator.server.coordinator.database;
    await sqlText(db, 
      `insert into tasks (id, project, title, priority, priority_rank, files)
       select gen_random_uuid(), 'local', 'bench task ' || g, (array['low', 'normal', 'high'])[g % 3 + 1], ((array[$2, $3, $4]::int[])[g % 3 + 1]),
              case when g % 2 = 0 then array['bench/t' || g || '/a.ts'] else array['bench/t' || g || '/a.ts', 'bench/t' || g || '/b.ts'] end
       from generate_series(1, $1::int) as g`,
      [seed, PRIORITY_RANK.low, PRIORITY_RANK.normal, PRIORITY_RANK.high],
    );
    // Statistics as autovacuum would have them on a running PostgreSQL. Without them the planner sorts every
    // open task for the claim's candidate page, a cost that would grow with this seed rather than measure the
    // coordinator (PGlite runs no autovacuum at all: see the report).
    await sqlText(db, 'analyze tasks');
    const registered = await Promise.all(Array.from({ length: agents }, (_, i) => client.register_agent.mutate({ name: `bench-agent-${i}`, kind: 'cli' })));

    const claims = coordinator.server.coordinator.services.claims;
    const next = {
      original: claims.getNextTask.bind(claims),
      install: (method: typeof claims.getNextTask) => {
        claims.getNextTask = method;
      },
    };
    const { result: report, probe: server } = await probe(db, next, () =>
      runAgents({ kind: 'claims', url: coordinator.url, agentIds: registered.map((a) => a.agent_id), complete, timing }),
    );
    const [open] = await sqlText(db, `select count(*)::int as n from tasks where status = 'open'`);
    const [live] = await sqlText(db, `select count(*)::int as n from file_locks where expires_at > now()`);
    return {
      engine,
      agents,
      complete,
      seeded: seed,
      summary: summarize(report.loop, 'claimed'),
      duplicates: report.duplicates,
      missingLocks: report.missingLocks,
      openLeft: Number(open?.['n'] ?? 0),
      liveLocksAfter: Number(live?.['n'] ?? 0),
      agentThreadBusy: report.agentThreadBusy,
      server,
    };
  } finally {
    close();
    await coordinator.close();
  }
}
