/**
 * The coverage report on a seeded plan (objectives with partially covered key results), computed the
 * same over tRPC (on PGlite and PostgreSQL), over MCP (the planning toolset, official SDK client) and
 * from the CLI (`coverage --json` and the human tree), and kept live by events.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoverageReportSchema } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { toolsetClient } from './mcp-toolsets.ts';
import { cliRunner } from '../cli/run-cli.ts';
import { eventsAfter, headEventId } from '../policy/policy-support.ts';
import { assertSeededCoverage, seedPlan, type SeededPlan } from './seed-plan.ts';

/** The report without its timestamp, to compare transports. */
const stable = (report: unknown): unknown => ({ ...CoverageReportSchema.parse(report), generated_at: 'x' });

for (const engine of ENGINES) {
  describe(`coverage over tRPC on ${engine}`, function () {
    const env = useCoordinator(engine);
    let plan: SeededPlan;
    before(async () => {
      plan = await seedPlan(env.client(), 'launch');
    });

    it('computes covered and done percentages per objective, key result and requirement', async () => {
      assertSeededCoverage(await env.client().get_coverage.query({ mission_id: plan.missionName }), plan);
      // By id too; without a mission every objective is in (here the same ones).
      assertSeededCoverage(await env.client().get_coverage.query({ mission_id: plan.missionId }), plan);
      assert.equal((await env.client().get_coverage.query()).totals.requirement_count, 5);
    });

    it('follows the work: finishing a task and linking one to the uncovered requirement change the numbers, with events', async () => {
      const c = env.client();
      const before = await headEventId(c);
      const worker = `${plan.missionName} worker`;
      await c.complete_task.mutate({ task_id: plan.tasks.D, agent_id: worker });
      const docs = await c.create_task.mutate({ title: 'write the docs', mission_id: plan.missionName });
      const linked = await c.link_task.mutate({ requirement_id: plan.keys.R3, task_id: docs.key });
      assert.equal(linked.changed, true);
      assert.equal((await c.link_task.mutate({ requirement_id: plan.keys.R3, task_id: docs.key })).changed, false);
      await c.update_key_result.mutate({ key_result_id: plan.keys.KR1, current: 7 });
      const report = await c.get_coverage.query({ mission_id: plan.missionName });
      const kr1 = report.objectives[0]?.key_results[0];
      assert.deepEqual([kr1?.uncovered, kr1?.covered_percent, kr1?.done_percent, kr1?.measured_percent], [[], 100, 66.7, 70]);
      assert.deepEqual([report.totals.uncovered_count, report.totals.covered_percent, report.totals.task_count, report.totals.done_count], [0, 100, 6, 4]);
      const [link] = await eventsAfter(c, before, 'requirement.linked');
      assert.equal(link?.requirement.key, plan.keys.R3);
      assert.deepEqual(link?.requirement.task_ids, [docs.task_id]);
      const [kr] = await eventsAfter(c, before, 'key_result.updated');
      assert.equal(kr?.key_result.current, 7);
      // Unlinking puts it back.
      assert.equal((await c.unlink_task.mutate({ requirement_id: plan.keys.R3, task_id: docs.key })).changed, true);
      assert.deepEqual((await c.get_coverage.query({ mission_id: plan.missionName })).objectives[0]?.uncovered, [plan.keys.R3]);
    });

    it('refuses unknown references, naming the field', async () => {
      const c = env.client();
      await assert.rejects(c.get_coverage.query({ mission_id: 'no such mission' }), /no mission "no such mission"/);
      await assert.rejects(c.add_key_result.mutate({ objective_id: 'O-999999', title: 'x', target: 1 }), /no objective "O-999999"/);
      await assert.rejects(c.link_task.mutate({ requirement_id: plan.keys.R1, task_id: 'T-999999' }), /no task "T-999999"/);
      await assert.rejects(c.add_key_result.mutate({ objective_id: plan.keys.O1, title: 'x', target: Number.NaN }), /target/);
    });
  });
}

describe('coverage over MCP and the CLI on pglite', function () {
  const env = useCoordinator('pglite');
  let plan: SeededPlan;
  let dir = '';
  before(async () => {
    plan = await seedPlan(env.client(), 'launch');
    dir = await mkdtemp(join(tmpdir(), 'ac-coverage-cli-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('MCP: get_coverage (planning toolset) returns the same report; the core session does not list it', async () => {
    const core = await httpClient(env.url, 'core').connect();
    try {
      const coreTools = (await core.client.listTools()).tools.map((t) => t.name);
      assert.equal(coreTools.includes('get_coverage'), false);
      assert.match(await core.fail('get_coverage', {}), /NOT_FOUND: tool "get_coverage" is in the planning toolset, not enabled for this session — connect to \/mcp\?toolsets=planning/);
    } finally {
      await core.close();
    }
    const mcp = await toolsetClient(env.url, 'planning', 'planner').connect();
    try {
      const tools = (await mcp.client.listTools()).tools.map((t) => t.name);
      for (const name of ['create_mission', 'list_missions', 'create_sprint', 'create_objective', 'add_key_result', 'add_requirement', 'link_task', 'get_coverage']) {
        assert.ok(tools.includes(name), `${name} listed`);
      }
      assert.ok(tools.includes('get_next_task'), 'the core tools stay');
      const report = await mcp.callAny('get_coverage', { mission_id: plan.missionName });
      assertSeededCoverage(CoverageReportSchema.parse(report), plan);
      assert.deepEqual(stable(report), stable(await env.client().get_coverage.query({ mission_id: plan.missionName })));
      const missions = (await mcp.callAny('list_missions', {})) as { missions: { name: string }[] };
      assert.ok(missions.missions.some((m) => m.name === plan.missionName));
      // A plan built over MCP (in a mission of its own) shows up in its report.
      await mcp.callAny('create_mission', { name: 'mcp mission' });
      const objective = (await mcp.callAny('create_objective', { title: 'MCP objective', mission_id: 'mcp mission' })) as { key: string };
      const kr = (await mcp.callAny('add_key_result', { objective_id: objective.key, title: 'calls', target: 2, current: 1 })) as { key: string };
      const requirement = (await mcp.callAny('add_requirement', { key_result_id: kr.key, title: 'call it' })) as { key: string };
      await mcp.callAny('link_task', { requirement_id: requirement.key, task_id: plan.tasks.A });
      const after = CoverageReportSchema.parse(await mcp.callAny('get_coverage', { mission_id: 'mcp mission' }));
      assert.deepEqual(after.objectives.map((o) => o.key), [objective.key]);
      assert.deepEqual(after.objectives[0]?.key_results[0]?.requirements.map((r) => [r.key, r.progress_percent]), [[requirement.key, 100]]);
      assert.equal(after.totals.done_percent, 100);
    } finally {
      await mcp.close();
    }
  });

  it('CLI: coverage --json is the same report; the human tree shows percentages and what has no task', async () => {
    const cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
    const json = await cli(['coverage', '--mission', plan.missionName, '--json']);
    assert.equal(json.code, 0, json.stderr);
    assertSeededCoverage(CoverageReportSchema.parse(JSON.parse(json.stdout)), plan);
    const human = await cli(['coverage', '--mission', plan.missionName]);
    assert.equal(human.code, 0, human.stderr);
    const lines = human.stdout.split('\n');
    const { keys } = plan;
    assert.ok(lines.includes(`${keys.O1} Ship the coordinator — 50% done, 80% covered (4/5 requirements with tasks; 3/5 tasks done)`), human.stdout);
    assert.ok(lines.includes(`  ${keys.KR1} agents onboarded [4/10 agents, 40% of target] — 50% done, 66.7% covered (2/3 requirements with tasks; 3/4 tasks done)`), human.stdout);
    assert.ok(lines.includes(`    ${keys.R3} docs — NO TASK`), human.stdout);
    assert.ok(lines.includes(`    without a task: ${keys.R3}`), human.stdout);
    assert.ok(lines.includes(`    ${keys.R2} lock API — 50% (1/2 done: ${plan.tasks.C} done, ${plan.tasks.D} in_progress)`), human.stdout);
    assert.match(human.stdout, /total: 2 objective\(s\), 3 key result\(s\) — 50% done, 80% covered/);
  });

  it('CLI: okr builds a plan the report reflects', async () => {
    const cli = cliRunner({ stateFile: join(dir, 'state2.json'), configHome: join(dir, 'config2'), url: env.url });
    const mission = await cli(['mission', 'create', 'cli mission', 'built from the shell']);
    assert.equal(mission.code, 0, mission.stderr);
    const objective = await cli(['okr', 'objective', 'Shell objective', 'mission=cli mission']);
    assert.equal(objective.code, 0, objective.stderr);
    const o = /^created objective (O-\d+) Shell objective$/.exec(objective.stdout.trim())?.[1];
    assert.ok(o, objective.stdout);
    const kr = await cli(['okr', 'kr', o, 'scripts written', 'target=4', 'current=1', 'unit=scripts']);
    const k = /^added key result (KR-\d+) scripts written \(1\/4 scripts\) to O-\d+$/.exec(kr.stdout.trim())?.[1];
    assert.ok(k, kr.stdout + kr.stderr);
    const req = await cli(['okr', 'requirement', k, 'a script per command']);
    const r = /^added requirement (R-\d+) /.exec(req.stdout.trim())?.[1];
    assert.ok(r, req.stdout + req.stderr);
    const task = await cli(['create-task', 'write the script', 'mission=cli mission']);
    const t = /^created (T-\d+) /.exec(task.stdout.trim())?.[1];
    assert.ok(t, task.stdout + task.stderr);
    const link = await cli(['okr', 'link', r, t]);
    assert.equal(link.stdout.trim(), `linked ${t} to ${r}`);
    assert.equal((await cli(['okr', 'progress', k, '3'])).stdout.trim(), `${k} scripts written: 3/4 scripts`);
    const report = await cli(['coverage', '--mission', 'cli mission']);
    assert.match(report.stdout, new RegExp(`^  ${k} scripts written \\[3/4 scripts, 75% of target\\] — 0% done, 100% covered`, 'm'));
    const bad = await cli(['okr', 'kr', o, 'bad', 'target=lots']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /target: expected a number/);
  });
});
