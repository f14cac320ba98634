/**
 * Missions and sprints over tRPC on PGlite: principals and owner, task counts, planning tasks into
 * missions and sprints (by name or id, and out again), listing tasks by them, the foreign keys behind
 * them surfacing as NOT_FOUND, unique names, live events; and the `mission` / `sprint` CLI commands.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { cliRunner } from '../cli/run-cli.ts';
import { eventsAfter, headEventId } from '../policy/policy-support.ts';

describe('missions and sprints on pglite', function () {
  const env = useCoordinator('pglite');
  const c = () => env.client();

  it('creates a mission with an owner and principals (agents and humans); updates it; emits events', async () => {
    const lead = await c().register_agent.mutate({ name: 'lead', kind: 'human' });
    const bot = await c().register_agent.mutate({ name: 'bot', kind: 'claude-code' });
    const helper = await c().register_agent.mutate({ name: 'helper', kind: 'copilot' });
    const before = await headEventId(c());
    const mission = await c().create_mission.mutate({ name: 'Payments v2', description: 'new checkout', owner: 'lead', principals: [bot.agent_id] });
    assert.equal(mission.status, 'active');
    assert.equal(mission.owner, lead.agent_id);
    assert.deepEqual(mission.principals.map((p) => [p.name, p.kind]), [
      ['bot', 'claude-code'],
      ['lead', 'human'],
    ]);
    assert.deepEqual(mission.tasks, { open: 0, claimed: 0, in_progress: 0, done: 0, failed: 0, cancelled: 0 });
    const updated = await c().update_mission.mutate({ mission_id: 'Payments v2', status: 'paused', add_principals: ['helper'], remove_principals: ['bot'] });
    assert.equal(updated.status, 'paused');
    assert.deepEqual(updated.principals.map((p) => p.agent_id).sort(), [helper.agent_id, lead.agent_id].sort());
    assert.deepEqual(await c().get_mission.query({ mission_id: mission.mission_id }), updated);
    assert.deepEqual((await c().list_missions.query({ status: 'paused' })).map((m) => m.name), ['Payments v2']);
    const [created] = await eventsAfter(c(), before, 'mission.created');
    assert.equal(created?.mission.name, 'Payments v2');
    const [changed] = await eventsAfter(c(), before, 'mission.updated');
    assert.equal(changed?.mission.status, 'paused');
  });

  it('refuses duplicate names, unknown agents and unknown missions, naming the field', async () => {
    await c().create_mission.mutate({ name: 'unique one' });
    await rejectsWith(c().create_mission.mutate({ name: 'unique one' }), 'CONFLICT', { field: 'name' });
    await rejectsWith(c().create_mission.mutate({ name: 'x', principals: ['nobody'] }), 'NOT_FOUND', { field: 'principals' });
    await rejectsWith(c().get_mission.query({ mission_id: 'no such mission' }), 'NOT_FOUND', { field: 'mission_id' });
    await rejectsWith(c().create_task.mutate({ title: 't', mission_id: 'no such mission' }), 'NOT_FOUND', { field: 'mission_id' });
    await rejectsWith(c().create_task.mutate({ title: 't', mission_id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', { field: 'mission_id' });
    await rejectsWith(c().create_mission.mutate({ name: '' }), 'VALIDATION', { field: 'name' });
  });

  it('sprints hold tasks of several missions; tasks move in and out by name or id; counts follow', async () => {
    const a = await c().create_mission.mutate({ name: 'mission A' });
    const b = await c().create_mission.mutate({ name: 'mission B' });
    const before = await headEventId(c());
    const sprint = await c().create_sprint.mutate({ name: 'Sprint 1', goal: 'ship the basics', starts_at: '2026-11-02', ends_at: '2026-11-13T17:00:00Z' });
    assert.equal(sprint.starts_at, '2026-11-02T00:00:00.000Z');
    assert.equal(sprint.status, 'planned');
    const t1 = await c().create_task.mutate({ title: 'a1', mission_id: 'mission A', sprint_id: 'Sprint 1' });
    assert.equal(t1.mission_id, a.mission_id);
    assert.equal(t1.sprint_id, sprint.sprint_id);
    const t2 = await c().create_task.mutate({ title: 'b1', mission_id: b.mission_id });
    const planned = await c().plan_task.mutate({ task_id: t2.key, sprint_id: sprint.sprint_id });
    assert.equal(planned.sprint_id, sprint.sprint_id);
    assert.equal(planned.mission_id, b.mission_id, 'an omitted field stays');
    const [event] = await eventsAfter(c(), before, 'task.updated', { where: (e) => e.task.task_id === t2.task_id });
    assert.equal(event?.task.sprint_id, sprint.sprint_id);
    const got = await c().get_sprint.query({ sprint_id: 'Sprint 1' });
    assert.deepEqual([...got.missions].sort(), [a.mission_id, b.mission_id].sort());
    assert.equal(got.tasks.open, 2);
    assert.deepEqual((await c().list_tasks.query({ sprint_id: 'Sprint 1' })).map((t) => t.key).sort(), [t1.key, t2.key].sort());
    assert.deepEqual((await c().list_tasks.query({ mission_id: 'mission A' })).map((t) => t.key), [t1.key]);
    const out = await c().plan_task.mutate({ task_id: t1.key, sprint_id: null, mission_id: null });
    assert.deepEqual([out.sprint_id, out.mission_id], [null, null]);
    assert.equal((await c().get_sprint.query({ sprint_id: 'Sprint 1' })).tasks.open, 1);
    const active = await c().update_sprint.mutate({ sprint_id: 'Sprint 1', status: 'active' });
    assert.equal(active.status, 'active');
    await rejectsWith(c().update_sprint.mutate({ sprint_id: 'Sprint 1', ends_at: '2026-10-01' }), 'VALIDATION', { field: 'ends_at' });
    await rejectsWith(c().create_sprint.mutate({ name: 'backwards', starts_at: '2026-11-10', ends_at: '2026-11-01' }), 'VALIDATION', { field: 'ends_at' });
    await rejectsWith(c().plan_task.mutate({ task_id: t1.key }), 'VALIDATION', { field: 'mission_id' });
    const [sprintEvent] = await eventsAfter(c(), before, 'sprint.updated');
    assert.equal(sprintEvent?.sprint.status, 'active');
  });

  it('mission task counts follow the work', async () => {
    const mission = await c().create_mission.mutate({ name: 'counted' });
    const me = await c().register_agent.mutate({ name: 'counter' });
    const task = await c().create_task.mutate({ title: 'count me', mission_id: 'counted', assignee: me.agent_id });
    await c().create_task.mutate({ title: 'and me', mission_id: 'counted' });
    await c().get_next_task.mutate({ agent_id: me.agent_id });
    await c().complete_task.mutate({ task_id: task.key, agent_id: me.agent_id });
    const counts = (await c().get_mission.query({ mission_id: mission.mission_id })).tasks;
    assert.deepEqual([counts.open, counts.done], [1, 1]);
  });

  describe('CLI', () => {
    let dir = '';
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ac-missions-cli-'));
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('mission and sprint create, list, show, update and add-task', async () => {
      const cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
      assert.equal((await cli(['register', 'cli-lead', '--kind', 'human'])).code, 0);
      const created = await cli(['mission', 'create', 'Docs site', 'a site for the docs', 'owner=cli-lead']);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stdout, /^created mission Docs site \(active\) — id [0-9a-f-]{36}\n {2}a site for the docs\n {2}owner: cli-lead; principals: cli-lead \(human\)\n {2}tasks: 0 open, 0 active, 0 done\n$/);
      const task = await cli(['create-task', 'write intro', 'mission=Docs site']);
      const key = /^created (T-\d+) /.exec(task.stdout)?.[1] ?? '';
      assert.ok(key, task.stdout + task.stderr);
      const sprint = await cli(['sprint', 'create', 'Docs sprint', 'first pages', 'start=2026-11-02', 'end=2026-11-06']);
      assert.equal(sprint.code, 0, sprint.stderr);
      assert.match(sprint.stdout, /^created sprint Docs sprint \(planned\) 2026-11-02 → 2026-11-06/);
      assert.equal((await cli(['sprint', 'add-task', 'Docs sprint', key])).stdout.trim(), `added to sprint Docs sprint: ${key}`);
      const list = await cli(['mission', 'list']);
      assert.match(list.stdout, /^Docs site\s+active\s+cli-lead\s+1 open, 0 active, 0 done$/m);
      const sprints = await cli(['sprint', 'list', 'planned']);
      assert.match(sprints.stdout, /^Docs sprint\s+planned\s+2026-11-02\s+2026-11-06\s+first pages\s+1 open, 0 active, 0 done$/m);
      const updated = await cli(['mission', 'update', 'Docs site', 'status=done']);
      assert.match(updated.stdout, /^updated mission Docs site \(done\)/);
      const show = await cli(['mission', 'show', 'Docs site', '--json']);
      assert.equal(JSON.parse(show.stdout).status, 'done');
      const unknown = await cli(['mission', 'show', 'nope']);
      assert.equal(unknown.code, 3);
      assert.match(unknown.stderr, /^agent-coordinator: get-mission: no mission "nope"/);
      const bad = await cli(['mission', 'frobnicate']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /unknown subcommand "frobnicate"/);
    });
  });
});
