/**
 * Statements typed from the entities read the same values on both engines (node-pg hands timestamps back
 * as strings, PGlite as Date): sprints, the first repository written with them, created, updated,
 * cleared and listed through the tRPC router (createCaller, in process) on PGlite and on PostgreSQL; missions with their owner and principals likewise.
 */
import assert from 'node:assert/strict';
import { callerRejectsWith } from '../support/errors.ts';
import { useInProcessCoordinator } from '../support/in-process-caller.ts';

for (const engine of ['pglite', 'postgresql'] as const) {
  describe(`typed statements on ${engine} (sprints, missions)`, function () {
    this.timeout(120_000);
    const env = useInProcessCoordinator(engine);
    const c = () => env.caller();

    it('writes and reads timestamps, defaults and computed columns the same way', async () => {
      const sprint = await c().sprints.create({ name: 'typed 1', starts_at: '2026-11-02', ends_at: '2026-11-13T17:00:00Z' });
      assert.equal(sprint.starts_at, '2026-11-02T00:00:00.000Z');
      assert.equal(sprint.ends_at, '2026-11-13T17:00:00.000Z');
      assert.equal(sprint.goal, '');
      assert.equal(sprint.status, 'planned');
      assert.match(sprint.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(sprint.missions, []);
      assert.equal(sprint.tasks.open, 0);

      const cleared = await c().sprints.update({ sprint_id: sprint.sprint_id, starts_at: null, goal: 'kept' });
      assert.equal(cleared.starts_at, null);
      assert.equal(cleared.ends_at, '2026-11-13T17:00:00.000Z', 'an omitted date stays');
      assert.equal(cleared.goal, 'kept');
      assert.ok(cleared.updated_at >= sprint.updated_at);

      await c().sprints.create({ name: 'typed 2', starts_at: '2026-10-01' });
      await callerRejectsWith(c().sprints.update({ sprint_id: 'typed 2', name: 'typed 1' }), 'CONFLICT');
      await callerRejectsWith(c().sprints.create({ name: 'typed 1' }), 'CONFLICT');
      const listed = await c().sprints.list({});
      assert.deepEqual(
        listed.filter((s) => s.name.startsWith('typed')).map((s) => s.name),
        ['typed 2', 'typed 1'],
        'ordered by start, no start last',
      );
      assert.deepEqual((await c().sprints.list({ status: 'active' })).length, 0);
    });

    it('missions: owner, principals in and out, computed columns', async () => {
      const lead = await c().agents.register({ name: 'typed-lead', kind: 'human' });
      const bot = await c().agents.register({ name: 'typed-bot', kind: 'claude-code' });
      const mission = await c().missions.create({ name: 'typed mission', owner: 'typed-lead', principals: [bot.agent_id] });
      assert.equal(mission.owner, lead.agent_id);
      assert.equal(mission.status, 'active');
      assert.deepEqual(mission.principals.map((p) => p.name), ['typed-bot', 'typed-lead']);
      assert.match(mission.created_at, /Z$/);
      await c().tasks.create({ title: 'typed task', mission_id: 'typed mission' });
      const updated = await c().missions.update({ mission_id: mission.mission_id, owner: null, status: 'paused' });
      assert.equal(updated.owner, null);
      assert.equal(updated.status, 'paused');
      assert.equal(updated.tasks.open, 1);
      const without = await c().missions.update({ mission_id: 'typed mission', remove_principals: [bot.agent_id] });
      assert.ok(!without.principals.some((p) => p.name === 'typed-bot'), 'a removed principal is gone');
      await c().missions.create({ name: 'typed other' });
      await callerRejectsWith(c().missions.update({ mission_id: 'typed other', name: 'typed mission' }), 'CONFLICT');
      assert.deepEqual((await c().missions.list({ status: 'paused' })).map((m) => m.name), ['typed mission']);
    });
  });
}
