/**
 * An agent's standing — kind and capabilities — comes from its owner or an admin, not from the agent's
 * own word. With accounts on and policies in force, an agent token re-registering itself as a human
 * reviewer is refused over tRPC, MCP (official SDK client) and the CLI, and the policies still stop it;
 * an admin (and the owner) change it with `set_agent` / `agent set`, audited; kind human never goes to
 * an agent with a token. In local mode an AI agent cannot re-register as human either.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { cliRunner, type RunCli } from '../cli/run-cli.ts';
import { until } from '../support/until.ts';
import { useCredentialClients } from '../support/credential-clients.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };
const MEMBER_PASSWORD = 'member password 1234';

type StandingEvent = Extract<CoordinatorEvent, { type: 'audit.agent_standing_changed' }>;

/** The standing events so far, waiting until there are `atLeast` (events are numbered just after their commit). */
async function standingEvents(c: Client, atLeast = 0): Promise<StandingEvent[]> {
  let found: StandingEvent[] = [];
  await until(`${atLeast} audit.agent_standing_changed event(s)`, async () => {
    found = (await c.list_events.query({ after: 0, limit: 1000 })).filter((e): e is StandingEvent => e.type === 'audit.agent_standing_changed');
    return found.length >= atLeast;
  });
  return found;
}

for (const engine of ENGINES) {
  describe(`an agent's standing with accounts on (${engine})`, function () {
    const ctx = useCoordinator(engine, { adminName: ADMIN.name, adminPassword: ADMIN.password });
    const { as, login } = useCredentialClients(ctx);

    let admin: Client;
    let mia: Client;
    let miaHuman = '';
    let bot: { client: Client; id: string; token: string };
    let dir = '';
    let cli: RunCli;

    before(async () => {
      const adminToken = await login(ADMIN.name, ADMIN.password);
      await as(adminToken, 'local').create_project.mutate({ name: 'alpha' });
      await as(adminToken, 'local').create_account.mutate({ name: 'mia', password: MEMBER_PASSWORD, projects: ['alpha'] });
      admin = as(adminToken, 'alpha');
      mia = as(await login('mia', MEMBER_PASSWORD));
      miaHuman = (await mia.register_agent.mutate({ name: 'mia-human', kind: 'human' })).agent_id;
      const issued = await mia.issue_agent_token.mutate({ name: 'bot', kind: 'claude-code', capabilities: ['coding'] });
      bot = { client: as(issued.token), id: issued.agent_id, token: issued.token };
      await mia.declare_policy.mutate({ policy: { name: 'humans-cancel', kind: 'transition_requires_human' }, agent_id: miaHuman });
      await mia.declare_policy.mutate({ policy: { name: 'reviewed', kind: 'transition_requires_capability', capability: 'reviewer' }, agent_id: miaHuman });
      dir = await mkdtemp(join(tmpdir(), 'ac-standing-'));
      cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: ctx.url });
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const claimedTask = async (title: string): Promise<string> => {
      const task = await mia.create_task.mutate({ title });
      const claimed = await bot.client.claim_task.mutate({ task_id: task.key, agent_id: bot.id });
      assert.equal(claimed.task?.key, task.key);
      return task.key;
    };
    const stored = async () => {
      const agent = await admin.get_agent.query({ agent_id: bot.id });
      return { kind: agent.kind, capabilities: [...agent.capabilities].sort() };
    };

    it('tRPC: an agent token cannot re-register itself as a human reviewer, and the policies still stop it', async () => {
      const cancel = await claimedTask('cancel me');
      const complete = await claimedTask('review me');
      await rejectsWith(bot.client.register_agent.mutate({ name: 'bot', kind: 'human', capabilities: ['reviewer'] }), 'FORBIDDEN', {
        field: 'kind',
        message: /agent token cannot change its own kind or capabilities — .*its owner or an admin changes them \(agent-coordinator set-agent bot --kind human --capabilities reviewer\)/,
      });
      await rejectsWith(bot.client.register_agent.mutate({ name: 'bot', capabilities: ['coding', 'reviewer'] }), 'FORBIDDEN', { field: 'capabilities' });
      // Dropping a capability is refused too: it could slip out of a policy scoped to it.
      await rejectsWith(bot.client.register_agent.mutate({ name: 'bot', capabilities: [] }), 'FORBIDDEN', { field: 'capabilities' });
      assert.deepEqual(await stored(), { kind: 'claude-code', capabilities: ['coding'] });
      // Resuming without naming them, or with the same ones in another order, keeps them.
      assert.equal((await bot.client.register_agent.mutate({ name: 'bot' })).kind, 'claude-code');
      assert.deepEqual((await bot.client.register_agent.mutate({ name: 'bot', kind: 'claude-code', capabilities: ['coding', 'coding'] })).capabilities, ['coding']);

      await rejectsWith(bot.client.update_task.mutate({ task_id: cancel, agent_id: bot.id, status: 'cancelled' }), 'POLICY_DENIED', { message: /humans-cancel/ });
      await rejectsWith(bot.client.complete_task.mutate({ task_id: complete, agent_id: bot.id }), 'POLICY_DENIED', { message: /reviewed/ });
      await rejectsWith(bot.client.set_agent.mutate({ agent_id: bot.id, capabilities: ['reviewer'] }), 'FORBIDDEN', { field: 'capabilities', message: /its owner or an admin/ });
      assert.deepEqual(await stored(), { kind: 'claude-code', capabilities: ['coding'] });
      assert.deepEqual(await standingEvents(admin), []);
    });

    it('MCP: register_agent with kind human from an agent token is a FORBIDDEN tool error; nothing changes', async () => {
      const mcp = await httpClient(ctx.url, 'bot-mcp', { authorization: `Bearer ${bot.token}` }).connect();
      try {
        assert.match(
          await mcp.fail('register_agent', { name: 'bot', kind: 'human', capabilities: ['reviewer'] }),
          /^FORBIDDEN: register_agent: bot is claude-code with capabilities \[coding\], and an agent token cannot change its own kind or capabilities/,
        );
        assert.match(await mcp.fail('register_agent', { name: 'bot', capabilities: ['coding', 'reviewer'] }), /^FORBIDDEN: .*its owner or an admin/);
        const resumed = await mcp.call('register_agent', { name: 'bot' });
        assert.deepEqual([resumed.kind, resumed.capabilities], ['claude-code', ['coding']]);
      } finally {
        await mcp.close();
      }
      assert.deepEqual(await stored(), { kind: 'claude-code', capabilities: ['coding'] });
    });

    it('CLI: register --kind human with the agent token exits 5 saying who can change it; without flags it resumes as it was', async () => {
      const withToken = { COORDINATOR_TOKEN: bot.token };
      const refused = await cli(['register', 'bot', 'reviewer', '--kind', 'human'], withToken);
      assert.equal(refused.code, 5, refused.stderr);
      assert.match(refused.stderr, /^agent-coordinator: register-agent: bot is claude-code .*its owner or an admin changes them/);
      const resumed = await cli(['register', 'bot'], withToken);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stdout, /^registered bot \(agent id [0-9a-f-]{36}; claude-code; capabilities: coding\)/);
      const set = await cli(['agent', 'set', 'bot', '--capabilities', 'coding,reviewer'], withToken);
      assert.equal(set.code, 5, set.stderr);
      assert.deepEqual(await stored(), { kind: 'claude-code', capabilities: ['coding'] });
    });

    it('an admin changes the capabilities (audited, an override of the owner’s agent); the policy then lets the agent complete', async () => {
      const complete = await claimedTask('reviewed after all');
      const changed = await admin.set_agent.mutate({ agent_id: 'bot', capabilities: ['coding', 'reviewer'] });
      assert.deepEqual([changed.kind, changed.capabilities], ['claude-code', ['coding', 'reviewer']]);
      const [event, ...more] = await standingEvents(admin, 1);
      assert.deepEqual(more, []);
      assert.deepEqual(
        event && [event.account, event.agent_id, event.operation, event.previous_kind, event.kind, event.previous_capabilities, event.capabilities],
        [ADMIN.name, bot.id, 'set_agent', 'claude-code', 'claude-code', ['coding'], ['coding', 'reviewer']],
      );
      const overrides = (await admin.list_events.query({ after: 0, limit: 1000 })).filter((e) => e.type === 'audit.admin_override' && e.operation === 'set_agent');
      assert.equal(overrides.length, 1, 'recorded in the same transaction, so numbered with the standing event');
      assert.equal((await bot.client.complete_task.mutate({ task_id: complete, agent_id: bot.id })).status, 'done');
      // The same change again changes nothing and records nothing.
      await admin.set_agent.mutate({ agent_id: 'bot', capabilities: ['reviewer', 'coding'] });
      assert.equal((await standingEvents(admin, 1)).length, 1);
    });

    it('the owner changes its own agent from the CLI; kind human never goes to an agent with a token', async () => {
      const miaToken = await login('mia', MEMBER_PASSWORD);
      const set = await cli(['agent', 'set', 'bot', '--kind', 'cursor', '--capabilities', 'coding'], { COORDINATOR_TOKEN: miaToken });
      assert.equal(set.code, 0, set.stderr);
      assert.equal(set.stdout.trim(), 'bot is cursor; capabilities: coding');
      const last = (await standingEvents(admin, 2)).at(-1);
      assert.deepEqual(last && [last.account, last.previous_kind, last.kind], ['mia', 'claude-code', 'cursor']);

      await rejectsWith(mia.set_agent.mutate({ agent_id: 'bot', kind: 'human' }), 'FORBIDDEN', { field: 'kind', message: /has an agent token/ });
      await rejectsWith(admin.set_agent.mutate({ agent_id: 'bot', kind: 'human' }), 'FORBIDDEN', { field: 'kind', message: /revoke-agent-token bot/ });
      await rejectsWith(mia.register_agent.mutate({ name: 'bot', kind: 'human' }), 'FORBIDDEN', { field: 'kind', message: /does not turn an AI agent into a human/ });
      await rejectsWith(mia.issue_agent_token.mutate({ name: 'fake-person', kind: 'human' }), 'FORBIDDEN', { field: 'kind' });
      await rejectsWith(mia.issue_agent_token.mutate({ name: 'mia-human' }), 'FORBIDDEN', { message: /mia-human is a human agent/ });
      assert.equal((await stored()).kind, 'cursor');
      await rejectsWith(admin.get_agent.query({ agent_id: 'fake-person' }), 'NOT_FOUND');
    });

    it("a member cannot change an agent that is not theirs", async () => {
      const adminAgent = await admin.register_agent.mutate({ name: 'root-bot', kind: 'cli' });
      await rejectsWith(mia.set_agent.mutate({ agent_id: adminAgent.agent_id, capabilities: ['reviewer'] }), 'FORBIDDEN', { field: 'agent_id' });
      assert.deepEqual((await admin.get_agent.query({ agent_id: 'root-bot' })).capabilities, []);
    });
  });
}

describe("an agent's standing in local mode", function () {
  const env = useCoordinator('pglite');

  it('an AI agent cannot re-register as human (tRPC and MCP); the local user makes it human deliberately, audited', async () => {
    const c = env.client();
    const ai = await c.register_agent.mutate({ name: 'local-ai', kind: 'claude-code', capabilities: ['coding'] });
    await rejectsWith(c.register_agent.mutate({ name: 'local-ai', kind: 'human' }), 'FORBIDDEN', {
      field: 'kind',
      message: /registering again does not turn an AI agent into a human — .*agent-coordinator set-agent local-ai --kind human/,
    });
    const mcp = await httpClient(env.url, 'local-ai').connect();
    try {
      assert.match(await mcp.fail('register_agent', { name: 'local-ai', kind: 'human' }), /^FORBIDDEN: register_agent: local-ai is registered as claude-code/);
    } finally {
      await mcp.close();
    }
    assert.equal((await c.get_agent.query({ agent_id: ai.agent_id })).kind, 'claude-code');

    // The one local user administers every agent: capabilities and AI kinds change by registering, audited.
    const recapped = await c.register_agent.mutate({ name: 'local-ai', capabilities: ['coding', 'testing'] });
    assert.deepEqual(recapped.capabilities, ['coding', 'testing']);
    const human = await c.set_agent.mutate({ agent_id: 'local-ai', kind: 'human' });
    assert.equal(human.kind, 'human');
    const events = await standingEvents(c, 2);
    assert.deepEqual(
      events.map((e) => [e.account, e.operation, e.previous_kind, e.kind]),
      [
        ['local', 'register_agent', 'claude-code', 'claude-code'],
        ['local', 'set_agent', 'claude-code', 'human'],
      ],
    );
  });
});
