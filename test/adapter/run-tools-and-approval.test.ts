/**
 * run_task, list_runs, get_run_output (also over REST) and cancel_run over MCP with the official SDK
 * client, and runs a policy holds, on a real coordinator (PGlite), a real git repository and the
 * `command` adapter's real scripts. Who may launch over MCP: a session registered as a human, or as an
 * agent holding the run_agents capability; not an unregistered session, nor a plain AI agent. A
 * `lock_paths` escalation holds the run (`waiting_approval`, an approval pending, the task untouched);
 * approved → the run starts and the task is done; rejected → the run ends `rejected` and the task is
 * still open and unclaimed.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import type { Run, RunOutput } from '@agent-coordinator/shared';
import { useCoordinator, type Client } from '../support/coordinator.ts';
import { until } from '../support/until.ts';
import { httpClient, resultJson } from '../mcp/mcp-client.ts';
import { usePolicies } from '../policy/policy-support.ts';
import { makeRepository } from './support/run-repository.ts';

const ended = (c: Client, id: string): Promise<Run> =>
  until(`run ${id} to end`, async () => {
    const run = await c.get_run.query({ run_id: id });
    return ['waiting_approval', 'starting', 'running'].includes(run.status) ? null : run;
  }, 60_000);

describe('runs over MCP and runs held by a policy (command adapter, PGlite, real git)', function () {
  const repo = makeRepository();
  const env = useCoordinator('pglite', { repoRoot: repo, maxConcurrentRuns: 4 });
  const c = (): Client => env.client();
  const policies = usePolicies(c);
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('run_task is in the runs toolset, not the core one', async () => {
    const core = await httpClient(env.url, 'core-only').connect();
    try {
      const { tools } = await core.client.listTools();
      assert.equal(tools.some((t) => t.name === 'run_task'), false);
      assert.match(await core.fail('run_task', { task_id: 'T-1', adapter: 'command:edit' }), /in the runs toolset.*toolsets=runs/);
    } finally {
      await core.close();
    }
  });

  it('a human session runs a task, lists it and sees it end; an AI agent needs the run_agents capability', async () => {
    const mcp = await httpClient(env.url, 'runs-human', {}, '?toolsets=runs').connect();
    const bot = await httpClient(env.url, 'runs-bot', {}, '?toolsets=runs').connect();
    try {
      const task = await c().create_task.mutate({ title: 'Over MCP', files: ['src/a.txt'] });
      assert.match(await mcp.fail('run_task', { task_id: task.key, adapter: 'command:edit' }), /register_agent first/);
      await mcp.call('register_agent', { name: 'mcp-human', kind: 'human' });
      await bot.call('register_agent', { name: 'mcp-bot', kind: 'claude-code' });
      assert.match(await bot.fail('run_task', { task_id: task.key, adapter: 'command:edit' }), /without the run_agents capability/);

      const run = resultJson(await mcp.raw('run_task', { task_id: task.key, adapter: 'command:edit', worktree: true })) as Run;
      assert.equal(run.status, 'running');
      const listed = resultJson(await mcp.raw('list_runs', { task_id: task.key })) as { runs: Run[] };
      assert.deepEqual(listed.runs.map((r) => r.id), [run.id]);
      assert.equal((await ended(c(), run.id)).status, 'succeeded');
      assert.equal((await c().get_task.query({ task_id: task.key })).status, 'done');
      const output = resultJson(await mcp.raw('get_run_output', { run_id: run.id })) as RunOutput;
      assert.equal(output.run_id, run.id);
      assert.equal(output.truncated, false);
      assert.match(output.text, new RegExp(`\\[stdout\\] editing ${task.key} as `));
      const tail = resultJson(await mcp.raw('get_run_output', { run_id: run.id, max_bytes: 1 })) as RunOutput;
      assert.equal(tail.truncated, true);
      assert.match(await mcp.fail('get_run_output', { run_id: 'no-such-run' }), /get_run_output: no run no-such-run in this project; list runs with list_runs/);
      const overRest = (await (await fetch(`${env.url}/api/v1/runs/${run.id}/output`)).json()) as RunOutput;
      assert.equal(overRest.text, output.text, 'REST answers the same output as MCP');

      await c().set_agent.mutate({ agent_id: 'mcp-bot', capabilities: ['run_agents'] });
      const other = await c().create_task.mutate({ title: 'By a trusted bot', files: ['src/long.txt'] });
      const slow = resultJson(await bot.raw('run_task', { task_id: other.key, adapter: 'command:slow' })) as Run;
      assert.equal(slow.status, 'running');
      const cancelled = resultJson(await bot.raw('cancel_run', { run_id: slow.id, reason: 'enough' })) as Run;
      assert.equal(cancelled.status, 'cancelled');
      assert.equal((await c().get_task.query({ task_id: other.key })).status, 'open');
    } finally {
      await Promise.allSettled([mcp.close(), bot.close()]);
    }
  });

  it('a lock_paths escalation holds the run; approved, it starts and the task is done', async () => {
    await policies.declare({ name: 'guard-held-a', kind: 'lock_paths', paths: ['src/held/**'] });
    const task = await c().create_task.mutate({ title: 'Held then approved', files: ['src/held/x.txt'] });
    const held = await c().run_task.mutate({ task_id: task.key, adapter: 'command:edit' });
    assert.equal(held.status, 'waiting_approval');
    assert.ok(held.approval_id);
    assert.equal(held.pid, null);
    const before = await c().get_task.query({ task_id: task.key });
    assert.equal(before.status, 'open');
    assert.equal(before.claimed_by, null);
    const events = await c().list_events.query({ after: 0, limit: 1000 });
    assert.ok(events.some((e) => e.type === 'run.held' && e.run.id === held.id));

    await c().approve_request.mutate({ approval_id: held.approval_id, agent_id: await policies.human(), note: 'go' });
    const done = await ended(c(), held.id);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    assert.equal(done.approval_id, held.approval_id);
    const after = await c().get_task.query({ task_id: task.key });
    assert.equal(after.status, 'done');
    assert.equal(after.claimed_by, held.agent_id);
  });

  it('rejected: the run ends rejected and the task is untouched; a held run can be cancelled', async () => {
    await policies.declare({ name: 'guard-held-b', kind: 'lock_paths', paths: ['src/nope/**'] });
    const task = await c().create_task.mutate({ title: 'Held then rejected', files: ['src/nope/y.txt'] });
    const held = await c().run_task.mutate({ task_id: task.key, adapter: 'command:edit' });
    assert.equal(held.status, 'waiting_approval');
    await c().reject_request.mutate({ approval_id: held.approval_id ?? '', agent_id: await policies.human(), note: 'not now' });
    const done = await ended(c(), held.id);
    assert.equal(done.status, 'rejected');
    assert.match(done.reason ?? '', /rejected by policy-owner: not now/);
    const after = await c().get_task.query({ task_id: task.key });
    assert.equal(after.status, 'open');
    assert.equal(after.claimed_by, null);

    const again = await c().run_task.mutate({ task_id: task.key, adapter: 'command:edit', agent_name: 'held-again' });
    assert.equal(again.status, 'waiting_approval');
    const cancelled = await c().cancel_run.mutate({ run_id: again.id });
    assert.equal(cancelled.status, 'cancelled');
    await c().approve_request.mutate({ approval_id: again.approval_id ?? '', agent_id: await policies.human() });
    await until('the approved claim of a cancelled run to go back to the queue', async () => {
      const t = await c().get_task.query({ task_id: task.key });
      return t.status === 'open' && t.claimed_by === null ? t : null;
    });
  });
});
