/**
 * Ownership in single-user local mode, over MCP with two official-SDK sessions: a session that never
 * registered cannot complete, fail or release a task another agent claimed — it is told to register
 * first; another registered agent is told the task is not its own; a human agent takes it over only with
 * an explicit `force: true`, and that is audited. The claimant itself is untouched by all this.
 */
import assert from 'node:assert/strict';
import { useCoordinator } from '../support/coordinator.ts';
import { httpClient, type McpTestClient } from './mcp-client.ts';

describe('MCP: only the claimant changes a claimed task (local mode)', function () {
  const env = useCoordinator('pglite');
  let open: McpTestClient[] = [];
  const session = async (name: string): Promise<McpTestClient> => {
    const client = httpClient(env.url, name);
    open.push(client);
    return client.connect();
  };
  afterEach(async () => {
    await Promise.allSettled(open.map((c) => c.close()));
    open = [];
  });

  /** Agent A (its own session) claims a fresh task; returns A's session and the task key. */
  async function claimedByA(suffix: string): Promise<{ a: McpTestClient; key: string; agentId: string }> {
    const a = await session(`claimant-${suffix}`);
    const agent = await a.call('register_agent', { name: `owner-${suffix}`, kind: 'claude-code' });
    const task = await a.call('create_task', { title: `Owned ${suffix}`, assignee: agent.agent_id, files: [`src/owned/${suffix}.ts`] });
    const next = await a.call('get_next_task');
    assert.equal(next.task?.key, task.key);
    return { a, key: task.key, agentId: agent.agent_id };
  }

  it('an unregistered session may not complete, fail or release it, and is told to register first', async () => {
    const { a, key } = await claimedByA('unregistered');
    const b = await session('stranger');
    for (const [tool, args] of [
      ['complete_task', { task_id: key, summary: 'not mine' }],
      ['release_task', { task_id: key }],
      ['update_task', { task_id: key, status: 'failed' }],
      ['update_task', { task_id: key, progress_note: 'meddling' }],
    ] as const) {
      const text = await b.fail(tool, args);
      assert.match(text, new RegExp(`^FORBIDDEN: ${tool}: ${key} is claimed by owner-unregistered, and only its claimant may change it — call register_agent first`), tool);
    }
    const forced = await b.fail('complete_task', { task_id: key, force: true });
    assert.match(forced, /^FORBIDDEN: complete_task: force is for humans — call register_agent with kind human first/);
    // Nothing changed: A still holds it and completes it.
    const done = await a.call('complete_task', { task_id: key, summary: 'mine' });
    assert.equal(done.status, 'done');
  });

  it('another agent is told it is not its task, force or not; a human agent forces it, audited', async () => {
    const { key, agentId } = await claimedByA('forced');
    const bot = await session('other-bot');
    await bot.call('register_agent', { name: 'other-bot', kind: 'cursor' });
    assert.match(await bot.fail('release_task', { task_id: key }), new RegExp(`^CONFLICT: release_task: ${key} is claimed by owner-forced, not by other-bot`));
    assert.match(await bot.fail('release_task', { task_id: key, force: true }), /^CONFLICT: .*a human agent may pass force: true/);

    const human = await session('human');
    await human.call('register_agent', { name: 'carol', kind: 'human' });
    assert.match(await human.fail('release_task', { task_id: key }), /^CONFLICT: /, 'a human forces explicitly or not at all');
    const before = await env.client().list_events.query({ limit: 1000 });
    const after = before.at(-1)?.id ?? 0;
    const released = await human.call('release_task', { task_id: key, force: true, reason: 'owner is stuck' });
    assert.equal(released.status, 'open');
    assert.equal(released.claimed_by, null);
    const events = await env.client().list_events.query({ after, limit: 1000 });
    const audit = events.find((e) => e.type === 'audit.admin_override');
    assert.ok(audit && audit.type === 'audit.admin_override', JSON.stringify(events.map((e) => e.type)));
    assert.equal(audit.agent_id, agentId);
    assert.equal(audit.operation, 'release_task (forced)');
  });
});
