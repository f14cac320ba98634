/**
 * Trying to get in where one must not, over the real HTTP/WebSocket/MCP transports: no token, a wrong
 * token, an expired or revoked session, a revoked or rotated agent token, another project's ids,
 * another agent's task and lock, a member doing an admin action — each refused with the right error and
 * nothing changed. An admin may force (act for someone else's agent), and that is audited. A running
 * subscription and an open MCP session end once their token is revoked.
 */
import assert from 'node:assert/strict';
import { PROJECT_HEADER } from '@agent-coordinator/shared';
import { ENGINES, useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { until } from '../support/until.ts';
import { useCredentialClients } from '../support/credential-clients.ts';
import { sqlText } from '../support/sql-text.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };
const MEMBER_PASSWORD = 'member password 1234';

for (const engine of ENGINES) {
  describe(`access control over the wire (${engine})`, function () {
    const ctx = useCoordinator(engine, { adminName: ADMIN.name, adminPassword: ADMIN.password, credentialRecheckSeconds: 1 });
    const { as, login } = useCredentialClients(ctx);
    const sql = (text: string, params: unknown[] = []) => sqlText(ctx.coordinator.server.coordinator.database, text, params);

    let admin: Client; // member of alpha and beta
    let mia: Client; // member of alpha
    let bob: Client; // member of beta
    let botA: { client: Client; id: string; token: string };
    let botB: { client: Client; id: string; token: string };
    let alphaTask: { id: string; key: string };
    let adminToken: string;
    let miaToken: string;

    before(async () => {
      adminToken = await login(ADMIN.name, ADMIN.password);
      const root = as(adminToken, 'local');
      await root.create_project.mutate({ name: 'alpha' });
      await root.create_project.mutate({ name: 'beta' });
      await root.create_account.mutate({ name: 'mia', password: MEMBER_PASSWORD, projects: ['alpha'] });
      await root.create_account.mutate({ name: 'bob', password: MEMBER_PASSWORD, projects: ['beta'] });
      admin = as(adminToken, 'alpha');
      miaToken = await login('mia', MEMBER_PASSWORD);
      mia = as(miaToken);
      bob = as(await login('bob', MEMBER_PASSWORD));
      const issue = async (name: string) => {
        const issued = await mia.issue_agent_token.mutate({ name, kind: 'claude-code' });
        return { client: as(issued.token), id: issued.agent_id, token: issued.token };
      };
      botA = await issue('bot-a');
      botB = await issue('bot-b');
      const task = await mia.create_task.mutate({ title: 'alpha work', files: ['src/alpha.ts'] });
      alphaTask = { id: task.task_id, key: task.key };
      const claimed = await botA.client.claim_task.mutate({ task_id: alphaTask.id, agent_id: botA.id });
      assert.equal(claimed.task?.task_id, alphaTask.id);
      await botA.client.lock_files.mutate({ paths: ['docs/a.md'], agent_id: botA.id });
    });

    const taskStatus = async (): Promise<string> => String((await sql(`select status from tasks where id = $1`, [alphaTask.id]))[0]?.['status']);
    const locksOf = async (agentId: string): Promise<number> => (await sql(`select 1 from file_locks where agent_id = $1`, [agentId])).length;

    it('refuses a call without a token, a malformed token and a well-formed wrong one, and stores nothing', async () => {
      const before = (await sql(`select count(*)::int as n from tasks`))[0]?.['n'];
      await rejectsWith(as(undefined).create_task.mutate({ title: 'sneaky' }), 'UNAUTHENTICATED', { message: /needs a token/ });
      await rejectsWith(as('not-a-token').list_tasks.query(), 'UNAUTHENTICATED');
      const forged = `act_${'0'.repeat(32)}${'A'.repeat(43)}`;
      await rejectsWith(as(forged).create_task.mutate({ title: 'sneaky' }), 'UNAUTHENTICATED');
      const wrongSecret = botA.token.slice(0, -4) + (botA.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      await rejectsWith(as(wrongSecret).list_tasks.query(), 'UNAUTHENTICATED');
      assert.equal((await sql(`select count(*)::int as n from tasks`))[0]?.['n'], before);
    });

    it('refuses a wrong password without saying which half was wrong', async () => {
      const error = await rejectsWith(as(undefined).login.mutate({ name: 'mia', password: 'wrong password!!' }), 'UNAUTHENTICATED');
      assert.doesNotMatch(error.message, /wrong password!!/);
      const unknown = await rejectsWith(as(undefined).login.mutate({ name: 'nobody', password: 'wrong password!!' }), 'UNAUTHENTICATED');
      assert.equal(unknown.message, error.message);
    });

    it('refuses an expired session and a revoked (logged out) one', async () => {
      const expiring = await login('mia', MEMBER_PASSWORD);
      await as(expiring).list_tasks.query();
      await sql(`update credentials set expires_at = now() - interval '1 second' where id = (select id from credentials where kind = 'session' order by created_at desc limit 1)`);
      await rejectsWith(as(expiring).list_tasks.query(), 'UNAUTHENTICATED', { message: /expired or revoked/ });

      const session = await login('mia', MEMBER_PASSWORD);
      const client = as(session);
      assert.deepEqual(await client.logout.mutate(), { revoked: true });
      await rejectsWith(client.create_task.mutate({ title: 'after logout' }), 'UNAUTHENTICATED');
    });

    it("hides another project's task: by id and by key it is not found, and it stays as it was", async () => {
      await rejectsWith(bob.get_task.query({ task_id: alphaTask.id }), 'NOT_FOUND');
      await rejectsWith(bob.get_task.query({ task_id: alphaTask.key }), 'NOT_FOUND');
      await rejectsWith(bob.update_task.mutate({ task_id: alphaTask.id, status: 'cancelled' }), 'NOT_FOUND');
      assert.deepEqual(await bob.list_tasks.query(), []);
      await rejectsWith(as((await login('bob', MEMBER_PASSWORD)), 'alpha').list_tasks.query(), 'FORBIDDEN', { field: 'project' });
      assert.equal(await taskStatus(), 'claimed');
    });

    it('keeps locks apart per project: the same path is free in another project', async () => {
      const bobAgent = await bob.register_agent.mutate({ name: 'bob-human', kind: 'human' });
      const granted = await bob.lock_files.mutate({ paths: ['docs/a.md'], agent_id: bobAgent.agent_id });
      assert.equal(granted.granted, true);
      assert.equal(await locksOf(botA.id), 2, 'bot-a still holds src/alpha.ts (its claim) and docs/a.md');
    });

    it("refuses an agent acting on another agent's task and lock, and changes nothing", async () => {
      await rejectsWith(botB.client.complete_task.mutate({ task_id: alphaTask.id, agent_id: botA.id }), 'FORBIDDEN', { field: 'agent_id' });
      await rejectsWith(botB.client.update_task.mutate({ task_id: alphaTask.id, agent_id: botA.id, status: 'in_progress' }), 'FORBIDDEN');
      await rejectsWith(botB.client.release_task.mutate({ task_id: alphaTask.id, agent_id: botA.id }), 'FORBIDDEN');
      await rejectsWith(botB.client.release_files.mutate({ paths: ['docs/a.md'], agent_id: botA.id }), 'FORBIDDEN');
      const asItself = await botB.client.release_files.mutate({ paths: ['docs/a.md'], agent_id: botB.id });
      assert.deepEqual(asItself.released, []);
      await rejectsWith(botB.client.register_agent.mutate({ name: 'bot-a' }), 'FORBIDDEN');
      await rejectsWith(botB.client.register_agent.mutate({ name: 'brand-new' }), 'FORBIDDEN');
      assert.equal(await taskStatus(), 'claimed');
      assert.equal(await locksOf(botA.id), 2);
    });

    it("refuses a member acting as another member's agent and a member doing admin work", async () => {
      const miaSecond = as(await login('mia', MEMBER_PASSWORD));
      await miaSecond.list_tasks.query();
      const accountsBefore = (await admin.list_accounts.query()).length;
      await rejectsWith(mia.create_account.mutate({ name: 'eve', password: 'eve password 1234', role: 'admin' }), 'FORBIDDEN', { message: /only an admin/ });
      await rejectsWith(mia.create_project.mutate({ name: 'gamma' }), 'FORBIDDEN');
      await rejectsWith(mia.add_member.mutate({ project: 'beta', account: 'mia' }), 'FORBIDDEN');
      await rejectsWith(mia.list_accounts.query(), 'FORBIDDEN');
      assert.equal((await admin.list_accounts.query()).length, accountsBefore);
      assert.deepEqual(await mia.list_projects.query(), ['alpha']);
      // The admin registers a human agent of its own; mia may not act as it.
      const adminHuman = await admin.register_agent.mutate({ name: 'root-human', kind: 'human' });
      await rejectsWith(mia.lock_files.mutate({ paths: ['x.md'], agent_id: adminHuman.agent_id }), 'FORBIDDEN');
    });

    it('refuses a malformed admin request from a member as FORBIDDEN, before reading it; tells an admin the field to fix', async () => {
      /** The answer as it goes over HTTP: the status and the error formatter's body, compared byte for byte. */
      const post = async (token: string, operation: string, input: unknown): Promise<{ readonly status: number; readonly body: string }> => {
        const res = await fetch(`${ctx.url}/trpc/${operation}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [PROJECT_HEADER]: 'alpha' },
          body: JSON.stringify(input),
        });
        return { status: res.status, body: await res.text() };
      };
      const answer = (status: number, operation: string, message: string, rpc: { readonly code: number; readonly name: string }, coordinator: object) => ({
        status,
        body: JSON.stringify({ error: { message, code: rpc.code, data: { code: rpc.name, httpStatus: status, path: operation, coordinator } } }),
      });
      const forbidden = (operation: string) =>
        answer(403, operation, `${operation}: only an admin may do this`, { code: -32003, name: 'FORBIDDEN' }, { code: 'FORBIDDEN', issues: [] });
      const invalid = (operation: string, field: string, message: string) =>
        answer(400, operation, `${operation}: invalid input — ${field}: ${message}`, { code: -32600, name: 'BAD_REQUEST' }, { code: 'VALIDATION', issues: [{ field, message }] });
      const malformed = [
        ['create_account', { name: 'eve', password: 'short' }, 'password', 'passwords need at least 12 characters'],
        ['disable_account', { account: 'no spaces allowed' }, 'account', 'account names are 1–63 letters, digits, dot, dash, underscore or @'],
        ['create_project', { name: 'Upper Case' }, 'name', 'project names are 1–63 lower-case letters, digits, dot, dash or underscore, such as web-app'],
        ['add_member', { project: 'beta' }, 'account', 'Invalid input: expected string, received undefined'],
        ['remove_member', { project: 'beta', account: 'mia', extra: true }, '(input)', 'Unrecognized key: "extra"'],
      ] as const;
      for (const [operation, input, field, message] of malformed) {
        assert.deepEqual(await post(miaToken, operation, input), forbidden(operation), `${operation} as a member`);
        assert.deepEqual(await post(adminToken, operation, input), invalid(operation, field, message), `${operation} as an admin`);
      }
    });

    it('lets an admin force a release for another agent, and audits it', async () => {
      const released = await admin.release_files.mutate({ paths: ['docs/a.md'], agent_id: botA.id });
      assert.deepEqual(released.released, ['docs/a.md']);
      const audits = await sql(`select payload from events where type = 'audit.admin_override'`);
      assert.ok(
        audits.some((r) => JSON.stringify(r['payload']).includes(botA.id) && JSON.stringify(r['payload']).includes(ADMIN.name)),
        `no audit event: ${JSON.stringify(audits)}`,
      );
    });

    it('refuses a revoked agent token and the old token after rotation', async () => {
      const rotated = await mia.rotate_agent_token.mutate({ agent_id: 'bot-b' });
      await rejectsWith(botB.client.heartbeat.mutate({ agent_id: botB.id }), 'UNAUTHENTICATED');
      const fresh = as(rotated.token);
      await fresh.heartbeat.mutate({ agent_id: botB.id });
      await mia.revoke_agent_token.mutate({ agent_id: botB.id });
      await rejectsWith(fresh.heartbeat.mutate({ agent_id: botB.id }), 'UNAUTHENTICATED');
    });

    it("audits an admin rotating and revoking another member's agent token, not an owner doing it to their own", async () => {
      const issued = await mia.issue_agent_token.mutate({ name: 'bot-c', kind: 'cli' });
      const overrides = async (operation: string): Promise<string[]> =>
        (await sql(`select payload from events where type = 'audit.admin_override'`))
          .map((r) => r['payload'] as { agent_id: string; operation: string; account: string })
          .filter((p) => p.operation === operation)
          .map((p) => `${p.account} as ${p.agent_id}`);
      assert.deepEqual(await overrides('rotate_agent_token'), [], "mia's own rotation (previous test) is no override");
      const rotated = await admin.rotate_agent_token.mutate({ agent_id: issued.agent_id });
      await rejectsWith(as(issued.token).heartbeat.mutate({ agent_id: issued.agent_id }), 'UNAUTHENTICATED');
      assert.deepEqual(await overrides('rotate_agent_token'), [`${ADMIN.name} as ${issued.agent_id}`]);
      await admin.revoke_agent_token.mutate({ agent_id: issued.agent_id });
      await rejectsWith(as(rotated.token).heartbeat.mutate({ agent_id: issued.agent_id }), 'UNAUTHENTICATED');
      assert.deepEqual(await overrides('revoke_agent_token'), [`${ADMIN.name} as ${issued.agent_id}`]);
    });

    it('authenticates MCP the same way: no token is 401, an agent token sees its own project only', async () => {
      await assert.rejects(httpClient(ctx.url, 'no-token').connect());
      const mcp = await httpClient(ctx.url, 'bot-a', { authorization: `Bearer ${botA.token}` }).connect();
      try {
        const tasks = await mcp.call('list_tasks', {});
        assert.deepEqual(tasks.tasks.map((t) => t.key), [alphaTask.key]);
        assert.match(await mcp.fail('complete_task', { task_id: alphaTask.id, agent_id: botB.id }), /its own agent/);
      } finally {
        await mcp.close();
      }
    });

    it('authenticates WebSocket subscriptions through connection params', async () => {
      const outsider = as('act_garbage');
      const refused = await new Promise<unknown>((resolve) => {
        const sub = outsider.subscribe_events.subscribe({}, { onError: resolve, onData: () => resolve(null) });
        setTimeout(() => {
          sub.unsubscribe();
          resolve('timeout');
        }, 5000);
      });
      assert.match(String(refused instanceof Error ? refused.message : refused), /token/);
    });

    it('ends a running subscription soon after its token is revoked', async () => {
      const issued = await mia.issue_agent_token.mutate({ name: 'bot-watching', kind: 'cli' });
      const watcher = as(issued.token);
      const outcome = await new Promise<unknown>((resolve) => {
        const sub = watcher.subscribe_events.subscribe(
          {},
          {
            onStarted: () => void mia.revoke_agent_token.mutate({ agent_id: issued.agent_id }),
            onError: resolve,
            onComplete: () => resolve('completed without an error'),
          },
        );
        setTimeout(() => {
          sub.unsubscribe();
          resolve('still running 5 s after the revocation');
        }, 5000);
      });
      assert.ok(outcome instanceof Error, String(outcome));
      assert.match(outcome.message, /subscription ended: the token is not valid/);
    });

    it('closes an MCP session soon after its token is revoked', async () => {
      const issued = await mia.issue_agent_token.mutate({ name: 'bot-mcp-watching', kind: 'claude-code' });
      const sessions = async (): Promise<number> => {
        const metrics = await (await fetch(`${ctx.url}/metrics`)).text();
        return Number(/^coordinator_mcp_sessions (\d+)/m.exec(metrics)?.[1]);
      };
      const mcp = await httpClient(ctx.url, 'bot-mcp-watching', { authorization: `Bearer ${issued.token}` }).connect();
      try {
        await mcp.call('list_tasks', {});
        const open = await sessions();
        assert.ok(open >= 1, `expected the session to be open, metrics say ${open}`);
        await mia.revoke_agent_token.mutate({ agent_id: issued.agent_id });
        await until('the session to close after its token was revoked', async () => (await sessions()) === open - 1, 5_000);
      } finally {
        await mcp.close();
      }
    });

    it("stops a disabled account's agent tokens, a running subscription too; an admin's new token hands the agent over", async () => {
      await admin.create_account.mutate({ name: 'zoe', password: MEMBER_PASSWORD, projects: ['alpha'] });
      const zoe = as(await login('zoe', MEMBER_PASSWORD));
      const issued = await zoe.issue_agent_token.mutate({ name: 'zoe-bot', kind: 'claude-code' });
      const zoeBot = as(issued.token);
      await zoeBot.heartbeat.mutate({ agent_id: issued.agent_id });
      const ended = new Promise<unknown>((resolve) => {
        const sub = zoeBot.subscribe_events.subscribe(
          {},
          {
            onStarted: () => void admin.disable_account.mutate({ account: 'zoe' }).then((d) => assert.equal(d.agent_tokens_revoked, 1)),
            onError: resolve,
            onComplete: () => resolve('completed without an error'),
          },
        );
        setTimeout(() => {
          sub.unsubscribe();
          resolve('still running 5 s after the account was disabled');
        }, 5000);
      });
      const outcome = await ended;
      assert.ok(outcome instanceof Error, String(outcome));
      assert.match(outcome.message, /subscription ended: the token is not valid/);
      await rejectsWith(zoeBot.heartbeat.mutate({ agent_id: issued.agent_id }), 'UNAUTHENTICATED');
      await rejectsWith(zoe.list_tasks.query(), 'UNAUTHENTICATED');
      // A token issued before the account was disabled stays dead even if it escaped the revocation.
      await sql(`update credentials set revoked_at = null where agent_id = $1`, [issued.agent_id]);
      await rejectsWith(zoeBot.heartbeat.mutate({ agent_id: issued.agent_id }), 'UNAUTHENTICATED');
      const handedOver = await admin.rotate_agent_token.mutate({ agent_id: 'zoe-bot' });
      assert.equal((await as(handedOver.token).heartbeat.mutate({ agent_id: issued.agent_id })).agent_id, issued.agent_id);
    });

    it('rate-limits password guessing per account', async () => {
      const anonymous = as(undefined);
      let limited = false;
      for (let i = 0; i < 15 && !limited; i++) {
        try {
          await anonymous.login.mutate({ name: 'bob', password: `guess number ${i}` });
        } catch (error) {
          limited = error instanceof Error && /too many attempts/.test(error.message);
        }
      }
      assert.ok(limited, 'fifteen wrong logins in a row were never rate-limited');
    });

    it('never stores a token or a password in events', async () => {
      const secrets = [botA.token, botB.token, MEMBER_PASSWORD, ADMIN.password];
      const leaked = await sql(`select type from events where payload::text like any($1::text[])`, [secrets.map((s) => `%${s}%`)]);
      assert.deepEqual(leaked, []);
      const stored = await sql(`select secret_hash from credentials limit 1`);
      assert.ok(stored.length === 1);
    });
  });
}
