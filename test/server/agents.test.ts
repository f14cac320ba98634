/**
 * Agent registration: resume by name instead of duplicating, validation of kind and capabilities. What the
 * router and services do, so called in process (createCaller): no server, no socket.
 */
import assert from 'node:assert/strict';
import { ENGINES } from '../support/coordinator.ts';
import { useInProcessCoordinator } from '../support/in-process-caller.ts';
import { callerRejectsWith } from '../support/errors.ts';
import { callerEvents, waitForEvents } from '../support/event-replay.ts';

for (const engine of ENGINES) {
  describe(`agents on ${engine}`, function () {
    const env = useInProcessCoordinator(engine);

    it('re-registering the same name resumes the agent with new capabilities', async () => {
      const c = env.caller();
      const first = await c.register_agent({ name: 'claude-1', kind: 'claude-code', capabilities: ['coding'] });
      const again = await c.register_agent({ name: 'claude-1', kind: 'claude-code', capabilities: ['coding', 'testing'] });
      assert.equal(again.agent_id, first.agent_id);
      assert.deepEqual(again.capabilities, ['coding', 'testing']);
      assert.equal((await c.list_agents()).filter((a) => a.name === 'claude-1').length, 1);
      const mine = (e: { type: string }) => e.type === 'agent.registered' && 'agent' in e && (e.agent as { agent_id: string }).agent_id === first.agent_id;
      const events = await waitForEvents(callerEvents(c), (all) => all.filter(mine).length === 2);
      const registered = events.filter((e) => e.type === 'agent.registered' && e.agent.agent_id === first.agent_id);
      assert.deepEqual(registered.map((e) => e.type === 'agent.registered' && e.resumed), [false, true]);
    });

    it('refuses a wrong kind, bad capabilities and an empty name, naming the field', async () => {
      const c = env.caller();
      await callerRejectsWith(c.register_agent({ name: 'x', kind: 'robot' as never }), 'VALIDATION', { field: 'kind', message: /claude-code/ });
      await callerRejectsWith(c.register_agent({ name: 'x', capabilities: ['Has Spaces'] }), 'VALIDATION', { field: 'capabilities.0' });
      await callerRejectsWith(c.register_agent({ name: '   ' }), 'VALIDATION', { field: 'name' });
      await callerRejectsWith(c.register_agent({ name: 'x', extra: 1 } as never), 'VALIDATION');
    });

    it('heartbeat answers with the new expiry; unknown agents are NOT_FOUND with advice', async () => {
      const c = env.caller();
      const a = await c.register_agent({ name: 'beater' });
      const beat = await c.heartbeat({ agent_id: a.name });
      assert.equal(beat.agent_id, a.agent_id);
      assert.ok(Date.parse(beat.expires_at) > Date.now());
      await callerRejectsWith(c.heartbeat({ agent_id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND', { message: /register_agent/ });
    });
  });
}
