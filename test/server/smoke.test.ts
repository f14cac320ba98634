/** The server starts on each engine, answers /healthz, and serves a register → create → claim → complete round trip. */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';

for (const engine of ENGINES) {
  describe(`smoke on ${engine}`, function () {
    const env = useCoordinator(engine);

    it('answers /healthz with {"status":"ok", ...}', async () => {
      const res = await fetch(`${env.url}/healthz`);
      assert.equal(res.status, 200);
      // Beside the status: the state of knowledge search (docs/knowledge.md), degraded without pgvector.
      assert.equal(((await res.json()) as { status: unknown }).status, 'ok');
    });

    it('registers, creates, claims with locks, completes', async () => {
      const c = env.client();
      const agent = await c.register_agent.mutate({ name: 'smoke', kind: 'cli', capabilities: ['coding'] });
      const task = await c.create_task.mutate({ title: 'Smoke', files: ['src/smoke.ts'] });
      const next = await c.get_next_task.mutate({ agent_id: agent.agent_id });
      assert.equal(next.task?.task_id, task.task_id);
      assert.deepEqual(next.locks.map((l) => l.path), ['src/smoke.ts']);
      const done = await c.complete_task.mutate({ task_id: task.key, agent_id: agent.agent_id });
      assert.equal(done.status, 'done');
      const check = await c.check_files.query({ paths: ['src/smoke.ts'] });
      assert.equal(check.files[0]?.locked, false);
    });
  });
}
