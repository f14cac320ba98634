/**
 * Bad input gets a clear error and loses nothing: wrong enums, empty titles, escaping paths, unknown ids,
 * oversized payloads and malformed requests are refused with the field named, and the server stays healthy.
 */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';

for (const engine of ENGINES) {
  describe(`bad input on ${engine}`, function () {
    const env = useCoordinator(engine);

    it('refuses each bad field by name and stores nothing', async () => {
      const c = env.client();
      const before = (await c.board.get.query()).tasks.open;
      await rejectsWith(c.tasks.create.mutate({ title: 'x', priority: 'urgent' as never }), 'VALIDATION', { field: 'priority', message: /low, normal, high, critical/ });
      await rejectsWith(c.tasks.create.mutate({ title: '' }), 'VALIDATION', { field: 'title', message: /must not be empty/ });
      await rejectsWith(c.tasks.create.mutate({ title: 'x', files: ['../outside.ts'] }), 'VALIDATION', { field: 'files.0' });
      await rejectsWith(c.tasks.create.mutate({ title: 'x', files: ['C:/Windows/x'] }), 'VALIDATION', { field: 'files.0', message: /absolute/ });
      await rejectsWith(c.tasks.create.mutate({ title: 'x'.repeat(201) }), 'VALIDATION', { field: 'title' });
      await rejectsWith(c.tasks.create.mutate(undefined as never), 'VALIDATION');
      await rejectsWith(c.tasks.list.query({ status: 'finished' as never }), 'VALIDATION', { field: 'status' });
      assert.equal((await c.board.get.query()).tasks.open, before);
    });

    it('answers unknown ids with NOT_FOUND and what to do', async () => {
      const c = env.client();
      await rejectsWith(c.tasks.get.query({ task_id: 'T-987654' }), 'NOT_FOUND', { message: /list_tasks/ });
      await rejectsWith(c.tasks.complete.mutate({ task_id: '3f6c1a52-8b7e-4c1d-9a0e-2b5d7c9e1f00' }), 'NOT_FOUND');
      await rejectsWith(c.tasks.get.query({ task_id: 'not-a-ref' }), 'VALIDATION', { field: 'task_id', message: /T-42/ });
      await rejectsWith(c.agents.get.query({ agent_id: '' }), 'VALIDATION', { field: 'agent_id' });
      await rejectsWith(c.tasks.next.mutate({ agent_id: 'ghost' }), 'NOT_FOUND', { message: /register_agent/ });
      await rejectsWith(c.tasks.update.mutate({ task_id: 'T-1x' as never }), 'VALIDATION', { field: 'task_id' });
    });

    it('refuses oversized payloads and malformed requests, then still serves', async () => {
      const huge = JSON.stringify({ title: 'big', description: 'x'.repeat(2_000_000) });
      const res = await fetch(`${env.url}/trpc/tasks.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
      assert.equal(res.status, 413);
      const tooLong = await env.client().tasks.create.mutate({ title: 'long', description: 'y'.repeat(20_001) }).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
      assert.match(tooLong, /description/);
      const garbage = await fetch(`${env.url}/trpc/tasks.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
      assert.ok(garbage.status >= 400 && garbage.status < 500);
      const mcpGarbage = await fetch(`${env.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: 'nope' });
      assert.equal(mcpGarbage.status, 400);
      const health = await fetch(`${env.url}/healthz`);
      assert.equal(health.status, 200);
      const task = await env.client().tasks.create.mutate({ title: 'after the storm' });
      assert.equal(task.status, 'open');
    });

    it('survives clients that drop mid-request', async () => {
      for (let i = 0; i < 20; i++) {
        const abort = new AbortController();
        const pending = fetch(`${env.url}/trpc/board.get`, { signal: abort.signal }).catch(() => undefined);
        abort.abort();
        await pending;
      }
      assert.equal((await fetch(`${env.url}/healthz`)).status, 200);
    });
  });
}
