/** A server restart loses nothing: agents, tasks, claims, locks and the event log survive, and ids keep growing. */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { readAllEvents, waitForEvents } from '../support/event-replay.ts';

for (const engine of ENGINES) {
  describe(`restart on ${engine}`, function () {
    this.timeout(120_000);
    const env = useCoordinator(engine);

    it('keeps every record across a restart', async () => {
      const c = env.client();
      const agent = await c.register_agent.mutate({ name: 'persistent', capabilities: ['coding'] });
      const claimed = await c.create_task.mutate({ title: 'claimed before restart', files: ['keep/a.ts'] });
      const open = await c.create_task.mutate({ title: 'open before restart', depends_on: [claimed.key] });
      await c.get_next_task.mutate({ agent_id: agent.agent_id });
      await c.lock_files.mutate({ agent_id: agent.agent_id, paths: ['keep/extra/**'] });
      await waitForEvents(c, (all) => all.some((e) => e.type === 'lock.acquired' && e.locks.some((l) => l.path === 'keep/extra/**')));
      const eventsBefore = await readAllEvents(c);
      const boardBefore = await c.get_task_board.query();

      await env.coordinator.restart();

      const after = env.client();
      assert.deepEqual(await readAllEvents(after), eventsBefore);
      const boardAfter = await after.get_task_board.query();
      assert.deepEqual(boardAfter.tasks, boardBefore.tasks);
      assert.deepEqual(boardAfter.agents.find((a) => a.name === 'persistent')?.locks, ['keep/a.ts', 'keep/extra/**']);
      assert.equal((await after.get_task.query({ task_id: claimed.key })).status, 'claimed');
      assert.deepEqual((await after.get_task.query({ task_id: open.key })).depends_on, [claimed.task_id]);
      const again = await after.register_agent.mutate({ name: 'persistent', capabilities: ['coding'] });
      assert.equal(again.agent_id, agent.agent_id);
      const next = await after.create_task.mutate({ title: 'after restart' });
      assert.ok(Number(next.key.slice(2)) > Number(open.key.slice(2)));
      const newer = await waitForEvents(after, (all) => all.some((e) => e.type === 'task.created' && e.task.task_id === next.task_id));
      assert.ok((newer.at(-1)?.id ?? 0) > (eventsBefore.at(-1)?.id ?? 0));
    });
  });
}
