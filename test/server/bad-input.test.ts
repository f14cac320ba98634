/**
 * Bad input gets a clear error and loses nothing: wrong enums, empty titles, escaping paths, unknown ids,
 * oversized payloads and malformed requests are refused with the field named, and the server stays healthy.
 * A NUL (or a lone surrogate) in any kind of text field, and a control character in a name, is a
 * VALIDATION naming the field over tRPC and MCP — never an internal error from the database.
 */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { toolsetClient } from '../planning/mcp-toolsets.ts';

const NUL = 'a\u0000b';

for (const engine of ENGINES) {
  describe(`bad input on ${engine}`, function () {
    const env = useCoordinator(engine);

    it('refuses each bad field by name and stores nothing', async () => {
      const c = env.client();
      const before = (await c.get_task_board.query()).tasks.open;
      await rejectsWith(c.create_task.mutate({ title: 'x', priority: 'urgent' as never }), 'VALIDATION', { field: 'priority', message: /low, normal, high, critical/ });
      await rejectsWith(c.create_task.mutate({ title: '' }), 'VALIDATION', { field: 'title', message: /must not be empty/ });
      await rejectsWith(c.create_task.mutate({ title: 'x', files: ['../outside.ts'] }), 'VALIDATION', { field: 'files.0' });
      await rejectsWith(c.create_task.mutate({ title: 'x', files: ['C:/Windows/x'] }), 'VALIDATION', { field: 'files.0', message: /absolute/ });
      await rejectsWith(c.create_task.mutate({ title: 'x'.repeat(201) }), 'VALIDATION', { field: 'title' });
      await rejectsWith(c.create_task.mutate(undefined as never), 'VALIDATION');
      await rejectsWith(c.list_tasks.query({ status: 'finished' as never }), 'VALIDATION', { field: 'status' });
      assert.equal((await c.get_task_board.query()).tasks.open, before);
    });

    it('tRPC: NUL in every kind of text field, and control characters in a name, are VALIDATION naming the field', async () => {
      const c = env.client();
      const agent = (await c.register_agent.mutate({ name: 'nul-tester' })).agent_id;
      const task = await c.create_task.mutate({ title: 'a task to refer to' });
      const before = (await c.get_task_board.query()).tasks.open;
      const cases: [string, () => Promise<unknown>][] = [
        ['title', () => c.create_task.mutate({ title: NUL })],
        ['description', () => c.create_task.mutate({ title: 'ok', description: NUL })],
        ['title', () => c.create_task.mutate({ title: 'half a character \ud800' })],
        ['name', () => c.register_agent.mutate({ name: NUL })],
        ['name', () => c.register_agent.mutate({ name: 'evil\u001b[31mred' })],
        ['name', () => c.register_agent.mutate({ name: 'c1\u009bx' })],
        ['name', () => c.register_agent.mutate({ name: 'del\u007f' })],
        ['reason', () => c.lock_files.mutate({ paths: ['docs/x.md'], reason: NUL, agent_id: agent })],
        ['message', () => c.request_release.mutate({ paths: ['docs/x.md'], message: NUL, agent_id: agent })],
        ['progress_note', () => c.update_task.mutate({ task_id: task.key, progress_note: NUL, agent_id: agent })],
        ['summary', () => c.complete_task.mutate({ task_id: task.key, summary: NUL, agent_id: agent })],
        ['reason', () => c.release_task.mutate({ task_id: task.key, reason: NUL, agent_id: agent })],
        ['body', () => c.add_knowledge.mutate({ title: 'ok', body: NUL })],
        ['title', () => c.add_knowledge.mutate({ title: NUL, body: 'ok' })],
        ['name', () => c.create_mission.mutate({ name: NUL })],
        ['name', () => c.create_mission.mutate({ name: 'tab\there' })],
        ['description', () => c.create_mission.mutate({ name: 'fine', description: NUL })],
        ['name', () => c.create_sprint.mutate({ name: NUL })],
        ['goal', () => c.create_sprint.mutate({ name: 'fine sprint', goal: NUL })],
        ['title', () => c.create_objective.mutate({ title: NUL })],
      ];
      for (const [field, call] of cases) {
        const error = await rejectsWith(call(), 'VALIDATION', { field });
        assert.match(error.message, /NUL|control characters|valid Unicode/, `${field}: ${error.message}`);
      }
      assert.equal((await c.get_task_board.query()).tasks.open, before);
      // Free text keeps newlines and tabs.
      const multiline = await c.create_task.mutate({ title: 'two lines', description: 'first\n\tsecond' });
      assert.equal(multiline.description, 'first\n\tsecond');
      assert.equal((await fetch(`${env.url}/healthz`)).status, 200);
    });

    it('MCP: NUL in text fields and control characters in a name are VALIDATION tool errors naming the field', async () => {
      const mcp = await httpClient(env.url, 'nul-mcp').connect();
      const planning = await toolsetClient(env.url, 'planning,knowledge', 'nul-mcp-planning').connect();
      try {
        await mcp.call('register_agent', { name: 'nul-mcp-agent' });
        const task = await mcp.call('create_task', { title: 'refer to me' });
        const cases: [string, string, () => Promise<string>][] = [
          ['name', 'register_agent', () => mcp.fail('register_agent', { name: NUL })],
          ['name', 'register_agent', () => mcp.fail('register_agent', { name: 'evil\u001b]0;pwned\u0007' })],
          ['title', 'create_task', () => mcp.fail('create_task', { title: NUL })],
          ['description', 'create_task', () => mcp.fail('create_task', { title: 'ok', description: NUL })],
          ['reason', 'lock_files', () => mcp.fail('lock_files', { paths: ['docs/y.md'], reason: NUL })],
          ['progress_note', 'update_task', () => mcp.fail('update_task', { task_id: task.key, progress_note: NUL })],
          ['summary', 'complete_task', () => mcp.fail('complete_task', { task_id: task.key, summary: NUL })],
          ['reason', 'release_task', () => mcp.fail('release_task', { task_id: task.key, reason: NUL })],
          ['name', 'create_mission', () => planning.fail('create_mission', { name: NUL })],
          ['body', 'add_knowledge', () => planning.fail('add_knowledge', { title: 'ok', body: NUL })],
        ];
        for (const [field, tool, failure] of cases) {
          assert.match(await failure(), new RegExp(`^VALIDATION: ${tool}: invalid input — ${field}: `), `${tool} ${field}`);
        }
      } finally {
        await mcp.close();
        await planning.close();
      }
      assert.equal((await fetch(`${env.url}/healthz`)).status, 200);
    });

    it('answers unknown ids with NOT_FOUND and what to do', async () => {
      const c = env.client();
      await rejectsWith(c.get_task.query({ task_id: 'T-987654' }), 'NOT_FOUND', { message: /list_tasks/ });
      await rejectsWith(c.complete_task.mutate({ task_id: '3f6c1a52-8b7e-4c1d-9a0e-2b5d7c9e1f00' }), 'NOT_FOUND');
      await rejectsWith(c.get_task.query({ task_id: 'not-a-ref' }), 'VALIDATION', { field: 'task_id', message: /T-42/ });
      await rejectsWith(c.get_agent.query({ agent_id: '' }), 'VALIDATION', { field: 'agent_id' });
      await rejectsWith(c.get_next_task.mutate({ agent_id: 'ghost' }), 'NOT_FOUND', { message: /register_agent/ });
      await rejectsWith(c.update_task.mutate({ task_id: 'T-1x' as never }), 'VALIDATION', { field: 'task_id' });
    });

    it('refuses oversized payloads and malformed requests, then still serves', async () => {
      const huge = JSON.stringify({ title: 'big', description: 'x'.repeat(2_000_000) });
      const res = await fetch(`${env.url}/trpc/create_task`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
      assert.equal(res.status, 413);
      const tooLong = await env.client().create_task.mutate({ title: 'long', description: 'y'.repeat(20_001) }).then(
        () => 'accepted',
        (e: Error) => e.message,
      );
      assert.match(tooLong, /description/);
      const garbage = await fetch(`${env.url}/trpc/create_task`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
      assert.ok(garbage.status >= 400 && garbage.status < 500);
      const mcpGarbage = await fetch(`${env.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: 'nope' });
      assert.equal(mcpGarbage.status, 400);
      const health = await fetch(`${env.url}/healthz`);
      assert.equal(health.status, 200);
      const task = await env.client().create_task.mutate({ title: 'after the storm' });
      assert.equal(task.status, 'open');
    });

    it('survives clients that drop mid-request', async () => {
      for (let i = 0; i < 20; i++) {
        const abort = new AbortController();
        const pending = fetch(`${env.url}/trpc/get_task_board`, { signal: abort.signal }).catch(() => undefined);
        abort.abort();
        await pending;
      }
      assert.equal((await fetch(`${env.url}/healthz`)).status, 200);
    });
  });
}
