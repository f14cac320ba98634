/** Agent registration: resume by name instead of duplicating, validation of kind and capabilities. */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { waitForEvents } from '../support/event-replay.ts';

for (const engine of ENGINES) {
  describe(`agents on ${engine}`, function () {
    const env = useCoordinator(engine);

    it('re-registering the same name resumes the agent with new capabilities', async () => {
      const c = env.client();
      const first = await c.register_agent.mutate({ name: 'claude-1', kind: 'claude-code', capabilities: ['coding'] });
      const again = await c.register_agent.mutate({ name: 'claude-1', kind: 'claude-code', capabilities: ['coding', 'testing'] });
      assert.equal(again.agent_id, first.agent_id);
      assert.deepEqual(again.capabilities, ['coding', 'testing']);
      assert.equal((await c.list_agents.query()).filter((a) => a.name === 'claude-1').length, 1);
      const mine = (e: { type: string }) => e.type === 'agent.registered' && 'agent' in e && (e.agent as { agent_id: string }).agent_id === first.agent_id;
      const events = await waitForEvents(c, (all) => all.filter(mine).length === 2);
      const registered = events.filter((e) => e.type === 'agent.registered' && e.agent.agent_id === first.agent_id);
      assert.deepEqual(registered.map((e) => e.type === 'agent.registered' && e.resumed), [false, true]);
    });

    it('refuses a wrong kind, bad capabilities and an empty name, naming the field', async () => {
      const c = env.client();
      await rejectsWith(c.register_agent.mutate({ name: 'x', kind: 'robot' as never }), 'VALIDATION', { field: 'kind', message: /claude-code/ });
      await rejectsWith(c.register_agent.mutate({ name: 'x', capabilities: ['Has Spaces'] }), 'VALIDATION', { field: 'capabilities.0' });
      await rejectsWith(c.register_agent.mutate({ name: '   ' }), 'VALIDATION', { field: 'name' });
      await rejectsWith(c.register_agent.mutate({ name: 'x', extra: 1 } as never), 'VALIDATION');
    });

    it('heartbeat answers with the new expiry; unknown agents are NOT_FOUND with advice', async () => {
      const c = env.client();
      const a = await c.register_agent.mutate({ name: 'beater' });
      const beat = await c.heartbeat.mutate({ agent_id: a.name });
      assert.equal(beat.agent_id, a.agent_id);
      assert.ok(Date.parse(beat.expires_at) > Date.now());
      await rejectsWith(c.heartbeat.mutate({ agent_id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', { message: /register_agent/ });
    });
  });
}
