/**
 * A seeded plan with partially covered key results, and the coverage it must produce.
 *
 *   mission <name>
 *   O  Ship the coordinator
 *     KR agents onboarded 4/10 agents (40%)
 *       R claim API      ← A done, B done                → covered, 100%
 *       R lock API       ← C done, D in_progress         → covered, 50%
 *       R docs           ← (nothing)                     → uncovered, 0%
 *     KR test coverage 45/90 % (50%)
 *       R unit tests     ← E open, F cancelled           → covered (E), 0%
 *       R end to end     ← A done (shared with claim API) → covered, 100%
 *   O  Grow adoption
 *     KR teams using it 0/5 (0%)                         → no requirements
 *
 * KR1: 3 requirements, 1 uncovered, tasks {A,B,C,D} 3 done, covered 66.7%, done (100+50+0)/3 = 50%
 * KR2: 2 requirements, 0 uncovered, tasks {E,A} 1 done, covered 100%, done (0+100)/2 = 50%
 * O1:  5 requirements, 1 uncovered, tasks {A..E} 3 done, covered 80%, done 250/5 = 50%
 * totals: 2 objectives, 3 key results, 5 requirements, 1 uncovered, 5 tasks, 3 done, 80% / 50%
 */
import assert from 'node:assert/strict';
import type { CoverageReport } from '@agent-coordinator/shared';
import type { Client } from '../support/coordinator.ts';

export interface SeededPlan {
  readonly missionId: string;
  readonly missionName: string;
  readonly keys: Readonly<Record<'O1' | 'O2' | 'KR1' | 'KR2' | 'KR3' | 'R1' | 'R2' | 'R3' | 'R4' | 'R5', string>>;
  readonly tasks: Readonly<Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>>;
}

export async function seedPlan(c: Client, name: string): Promise<SeededPlan> {
  const mission = await c.create_mission.mutate({ name, description: 'the seeded plan' });
  const worker = await c.register_agent.mutate({ name: `${name} worker` });
  const idle = await c.register_agent.mutate({ name: `${name} idle` });
  /** A task of the mission, taken to the given status by the worker (its inbox makes the claim deterministic). */
  const task = async (title: string, status: 'done' | 'in_progress' | 'open' | 'cancelled'): Promise<string> => {
    const assignee = status === 'open' ? idle.agent_id : worker.agent_id;
    const created = await c.create_task.mutate({ title, mission_id: mission.mission_id, assignee });
    if (status === 'cancelled') return (await c.update_task.mutate({ task_id: created.key, status: 'cancelled' })).key;
    if (status === 'open') return created.key;
    const next = await c.get_next_task.mutate({ agent_id: worker.agent_id });
    assert.equal(next.task?.task_id, created.task_id, next.reason);
    if (status === 'in_progress') return (await c.update_task.mutate({ task_id: created.key, agent_id: worker.agent_id, status: 'in_progress' })).key;
    return (await c.complete_task.mutate({ task_id: created.key, agent_id: worker.agent_id })).key;
  };
  const tasks = {
    A: await task('claim endpoint', 'done'),
    B: await task('claim tests', 'done'),
    C: await task('lock endpoint', 'done'),
    D: await task('lock globs', 'in_progress'),
    E: await task('unit tests', 'open'),
    F: await task('old test plan', 'cancelled'),
  };
  const o1 = await c.create_objective.mutate({ title: 'Ship the coordinator', mission_id: mission.name });
  const kr1 = await c.add_key_result.mutate({ objective_id: o1.key, title: 'agents onboarded', target: 10, current: 4, unit: 'agents' });
  const kr2 = await c.add_key_result.mutate({ objective_id: o1.objective_id, title: 'test coverage', target: 90, current: 45, unit: '%' });
  const o2 = await c.create_objective.mutate({ title: 'Grow adoption', mission_id: mission.mission_id });
  const kr3 = await c.add_key_result.mutate({ objective_id: o2.key, title: 'teams using it', target: 5 });
  const r = async (kr: string, title: string, linked: string[]): Promise<string> => {
    const requirement = await c.add_requirement.mutate({ key_result_id: kr, title });
    for (const key of linked) await c.link_task.mutate({ requirement_id: requirement.key, task_id: key });
    return requirement.key;
  };
  const keys = {
    O1: o1.key,
    O2: o2.key,
    KR1: kr1.key,
    KR2: kr2.key,
    KR3: kr3.key,
    R1: await r(kr1.key, 'claim API', [tasks.A, tasks.B]),
    R2: await r(kr1.key, 'lock API', [tasks.C, tasks.D]),
    R3: await r(kr1.key, 'docs', []),
    R4: await r(kr2.key, 'unit tests', [tasks.E, tasks.F]),
    R5: await r(kr2.key, 'end to end', [tasks.A]),
  };
  return { missionId: mission.mission_id, missionName: name, keys, tasks };
}

/** Checks a coverage report of the seeded plan (from any transport) against the numbers above. */
export function assertSeededCoverage(report: CoverageReport, plan: SeededPlan): void {
  assert.equal(report.mission_id, plan.missionId);
  const { keys, tasks } = plan;
  assert.deepEqual(report.totals, {
    objective_count: 2,
    key_result_count: 3,
    requirement_count: 5,
    uncovered_count: 1,
    task_count: 5,
    done_count: 3,
    covered_percent: 80,
    done_percent: 50,
  });
  const [o1, o2] = report.objectives;
  assert.equal(o1?.key, keys.O1);
  assert.deepEqual(
    { r: o1?.requirement_count, u: o1?.uncovered, t: o1?.task_count, d: o1?.done_count, c: o1?.covered_percent, p: o1?.done_percent },
    { r: 5, u: [keys.R3], t: 5, d: 3, c: 80, p: 50 },
  );
  const [kr1, kr2] = o1?.key_results ?? [];
  assert.deepEqual(
    { key: kr1?.key, m: kr1?.measured_percent, r: kr1?.requirement_count, u: kr1?.uncovered, t: kr1?.task_count, d: kr1?.done_count, c: kr1?.covered_percent, p: kr1?.done_percent },
    { key: keys.KR1, m: 40, r: 3, u: [keys.R3], t: 4, d: 3, c: 66.7, p: 50 },
  );
  assert.deepEqual(kr1?.requirements.map((r) => [r.key, r.covered, r.task_count, r.done_count, r.progress_percent]), [
    [keys.R1, true, 2, 2, 100],
    [keys.R2, true, 2, 1, 50],
    [keys.R3, false, 0, 0, 0],
  ]);
  assert.deepEqual(kr1?.requirements[1]?.tasks.map((t) => [t.key, t.status]), [
    [tasks.C, 'done'],
    [tasks.D, 'in_progress'],
  ]);
  assert.deepEqual(
    { key: kr2?.key, m: kr2?.measured_percent, u: kr2?.uncovered, t: kr2?.task_count, d: kr2?.done_count, c: kr2?.covered_percent, p: kr2?.done_percent },
    { key: keys.KR2, m: 50, u: [], t: 2, d: 1, c: 100, p: 50 },
  );
  // The cancelled task is listed but does not count.
  assert.deepEqual(kr2?.requirements[0]?.tasks.map((t) => [t.key, t.status]), [
    [tasks.E, 'open'],
    [tasks.F, 'cancelled'],
  ]);
  assert.equal(kr2?.requirements[0]?.task_count, 1);
  assert.equal(o2?.key, keys.O2);
  assert.deepEqual(
    { r: o2?.requirement_count, c: o2?.covered_percent, p: o2?.done_percent, krs: o2?.key_results.map((k) => [k.key, k.measured_percent, k.requirements.length]) },
    { r: 0, c: 0, p: 0, krs: [[keys.KR3, 0, 0]] },
  );
}
