/**
 * Messages stay inside their project (issue #15): an agent token of project alpha cannot message an
 * agent of project beta — by name or by id the answer is NOT_FOUND, worded exactly as for an agent that
 * never existed, so it leaks nothing — nor answer or read (get_thread) another project's threads; beta's
 * inbox stays empty.
 */
import assert from 'node:assert/strict';
import { connect, useCoordinator, type Client } from '../support/coordinator.ts';
import { httpClient } from '../mcp/mcp-client.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };
const MEMBER_PASSWORD = 'member password 1234';

describe('messages across projects (pglite)', function () {
  const ctx = useCoordinator('pglite', { adminName: ADMIN.name, adminPassword: ADMIN.password });
  const closers: (() => void)[] = [];
  after(() => closers.forEach((close) => close()));
  const as = (token: string | undefined, project?: string): Client => {
    const connection = connect(ctx.url, { ...(token ? { token } : {}), ...(project ? { project } : {}) });
    closers.push(connection.close);
    return connection.client;
  };
  const login = async (name: string, password: string): Promise<string> => (await as(undefined).login.mutate({ name, password })).token;

  it('refuses a message to another project\'s agent as NOT_FOUND, without saying it exists', async () => {
    const root = as(await login(ADMIN.name, ADMIN.password), 'local');
    await root.create_project.mutate({ name: 'alpha' });
    await root.create_project.mutate({ name: 'beta' });
    await root.create_account.mutate({ name: 'mia', password: MEMBER_PASSWORD, projects: ['alpha'] });
    await root.create_account.mutate({ name: 'bob', password: MEMBER_PASSWORD, projects: ['beta'] });
    const mia = as(await login('mia', MEMBER_PASSWORD));
    const bob = as(await login('bob', MEMBER_PASSWORD));
    const botA = await mia.issue_agent_token.mutate({ name: 'bot-a', kind: 'claude-code' });
    const botB = await bob.issue_agent_token.mutate({ name: 'bot-b', kind: 'claude-code' });
    await mia.issue_agent_token.mutate({ name: 'bot-a2', kind: 'claude-code' });

    const a = await httpClient(ctx.url, 'bot-a', { authorization: `Bearer ${botA.token}` }, '?toolsets=messages').connect();
    const b = await httpClient(ctx.url, 'bot-b', { authorization: `Bearer ${botB.token}` }, '?toolsets=messages').connect();
    try {
      const byName = await a.fail('send_message', { to: 'bot-b', body: 'hello beta' });
      const byId = await a.fail('send_message', { to: botB.agent_id, body: 'hello beta' });
      const nobody = await a.fail('send_message', { to: 'bot-zz', body: 'hello beta' });
      assert.equal(byName, 'NOT_FOUND: send_message: no agent "bot-b" in this project — check the to you gave');
      assert.equal(byId.replace(botB.agent_id, 'X'), nobody.replace('bot-zz', 'X'), 'the same answer as for an agent that never existed');

      // Beta's own thread is just as unknown to alpha.
      const inBeta = await b.raw('send_message', { to: 'bot-b2', body: 'x' });
      assert.equal(inBeta.isError, true);
      const sent = await a.call('get_notifications', {});
      assert.equal(sent.notifications.length, 0);
      const own = await a.raw('send_message', { to: 'bot-a2', body: 'hello alpha' });
      assert.notEqual(own.isError, true);
      const thread = (JSON.parse((own.content[0] as { text: string }).text) as { thread_id: string }).thread_id;
      assert.match(await b.fail('send_message', { reply_to: thread, body: 'sneaking in' }), /^NOT_FOUND: send_message: no thread/);
      assert.match(await b.fail('get_thread', { thread_id: thread }), /^NOT_FOUND: get_thread: no thread/, "alpha's thread cannot be read from beta");
      assert.equal((await b.call('get_notifications', { all: true })).notifications.length, 0, "beta's inbox holds nothing of alpha's");
    } finally {
      await Promise.allSettled([a.close(), b.close()]);
    }
  });
});
