/**
 * The notification inbox and messages with real clients (issue #15): two official-SDK MCP sessions —
 * A asks B to release a file; B's next tool result carries the unread line; B's Claude Code hook (the
 * real `hook claude-post-tool` command, a PostToolUse payload on stdin) prints it as additionalContext
 * and marks it read; get_notifications returns it once. A message round trip MCP → CLI (`inbox`,
 * `message --thread`) → MCP keeps its thread, read back whole (get_thread, `message --thread ID`, REST;
 * only participants may); bad input names the field; the sender's rate limit refuses;
 * a message to another project's agent is NOT_FOUND, exactly like one to nobody.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetThreadResultSchema, INBOX_LIMITS, type GetThreadResult } from '@agent-coordinator/shared';
import { connect, useCoordinator, type Client } from '../support/coordinator.ts';
import { firstText, httpClient, resultJson, type McpTestClient } from '../mcp/mcp-client.ts';
import { cliRunner, type RunCli } from '../cli/run-cli.ts';
import { until } from '../support/until.ts';

const texts = (result: { content: readonly { type: string; text?: string }[] }): string[] => result.content.filter((c) => c.type === 'text').map((c) => c.text ?? '');

describe('inbox and messages over MCP, CLI and the Claude Code hook (pglite)', function () {
  const env = useCoordinator('pglite');
  let a: McpTestClient;
  let b: McpTestClient;
  let bId: string;
  let cli: RunCli;
  let dir: string;
  const pushed: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-inbox-'));
    cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
    a = await httpClient(env.url, 'ann', {}, '?toolsets=messages').connect();
    b = await httpClient(env.url, 'bob', {}, '?toolsets=messages').connect();
    b.client.setNotificationHandler((await import('@modelcontextprotocol/sdk/types.js')).LoggingMessageNotificationSchema, (n) => {
      const data = n.params.data as { text?: string } | undefined;
      if (n.params.logger === 'inbox' && data?.text) pushed.push(data.text);
    });
    await a.call('register_agent', { name: 'ann' });
    bId = (await b.call('register_agent', { name: 'bob' })).agent_id;
  });
  after(async () => {
    await Promise.allSettled([a.close(), b.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('A asks B to release; B hears it in its next tool result, its hook, and get_notifications', async () => {
    assert.equal((await b.call('lock_files', { paths: ['src/a.ts'] })).granted, true);
    const refused = await a.call('lock_files', { paths: ['src/a.ts'] });
    assert.equal(refused.granted, false);
    const asked = await a.raw('request_release', { paths: ['src/a.ts'], message: 'I need src/a.ts for the build fix' });
    assert.notEqual(asked.isError, true, firstText(asked));

    // Any tool result of B's now ends with the unread line, bounded.
    const board = await b.raw('get_task_board', {});
    const line = texts(board).at(-1) ?? '';
    assert.match(line, /^1 unread: release requested for src\/a\.ts by ann — call get_notifications$/);
    assert.ok(line.length <= INBOX_LIMITS.digestLength);
    // A session that listens was told at once, too.
    await until('the inbox logging notification', () => pushed.some((t) => /release requested for src\/a\.ts by ann/.test(t)), 5_000);

    // B's Claude Code hook, the real command, after some tool call: additionalContext, then read.
    const hook = await cli(['hook', 'claude-post-tool', '--agent', 'bob'], {}, JSON.stringify({ session_id: 's1', cwd: dir, hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: join(dir, 'x') } }));
    assert.equal(hook.code, 0, hook.stderr);
    const out = JSON.parse(hook.stdout) as { hookSpecificOutput: { hookEventName: string; additionalContext: string } };
    assert.equal(out.hookSpecificOutput.hookEventName, 'PostToolUse');
    assert.match(out.hookSpecificOutput.additionalContext, /release requested for src\/a\.ts by ann/);
    assert.match(out.hookSpecificOutput.additionalContext, /reply_to [0-9a-f-]{36}/);
    // Read now: the next result carries no line, and the prompt hook has nothing to say.
    assert.equal(texts(await b.raw('get_task_board', {})).length, 1);
    const quiet = await cli(['hook', 'claude-prompt', '--agent', 'bob'], {}, JSON.stringify({ session_id: 's1', cwd: dir, hook_event_name: 'UserPromptSubmit', prompt: 'go on' }));
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, '');

    const all = await b.call('get_notifications', { all: true });
    const [request] = all.notifications;
    assert.equal(all.notifications.length, 1);
    assert.equal(request?.kind, 'release_requested');
    assert.equal(request?.sender, 'ann');
    assert.equal(request?.body, 'I need src/a.ts for the build fix');
    assert.deepEqual(request?.details['paths'], ['src/a.ts']);
    assert.notEqual(request?.read_at, null);
    assert.equal((await b.call('get_notifications', {})).notifications.length, 0);

    // B answers in the request's thread; A gets it.
    const reply = await b.raw('send_message', { reply_to: request?.thread_id, body: 'releasing in a minute' });
    assert.notEqual(reply.isError, true, firstText(reply));
    const forA = await a.call('get_notifications', {});
    assert.equal(forA.notifications[0]?.kind, 'message');
    assert.equal(forA.notifications[0]?.thread_id, request?.thread_id);
    assert.equal(forA.notifications[0]?.body, 'releasing in a minute');
  });

  it('a message goes MCP → CLI → MCP with its thread kept and read back whole', async () => {
    const sent = await a.raw('send_message', { to: 'bob', body: 'can you review T-1?\nno rush' });
    assert.notEqual(sent.isError, true, firstText(sent));
    const { thread_id: thread, recipients } = JSON.parse(firstText(sent)) as { thread_id: string; recipients: { agent_id: string }[] };
    assert.deepEqual(recipients.map((r) => r.agent_id), [bId]);

    const inbox = await cli(['inbox', '--agent', 'bob']);
    assert.equal(inbox.code, 0, inbox.stderr);
    assert.match(inbox.stdout, /message from ann: can you review T-1\? no rush/);
    assert.match(inbox.stdout, new RegExp(`send-message --thread ${thread}`));
    assert.match((await cli(['inbox', '--agent', 'bob'])).stdout, /no unread notifications/);

    const answered = await cli(['message', '--agent', 'bob', '--thread', thread, 'looks good,', 'merged']);
    assert.equal(answered.code, 0, answered.stderr);
    assert.match(answered.stdout, new RegExp(`sent to ann — thread ${thread}`));

    const back = await a.call('get_notifications', {});
    assert.equal(back.notifications.length, 1);
    assert.equal(back.notifications[0]?.thread_id, thread);
    assert.equal(back.notifications[0]?.sender, 'bob');
    assert.equal(back.notifications[0]?.body, 'looks good, merged');

    // The thread read back whole: by the CLI (message --thread ID alone), over MCP (get_thread) and REST.
    const printed = await cli(['message', '--agent', 'bob', '--thread', thread]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, new RegExp(`thread ${thread} — ann, bob`));
    assert.match(printed.stdout, /ann\n {4}can you review T-1\?\n {4}no rush\n.*bob\n {4}looks good, merged/s);
    const readThread = async (args: Record<string, unknown>): Promise<GetThreadResult> => {
      const result = await a.raw('get_thread', args);
      assert.notEqual(result.isError, true, firstText(result));
      return GetThreadResultSchema.parse(resultJson(result));
    };
    const whole = await readThread({ thread_id: thread });
    assert.deepEqual(whole.messages.map((m) => [m.sender, m.body]), [['ann', 'can you review T-1?\nno rush'], ['bob', 'looks good, merged']]);
    assert.deepEqual(whole.participants.map((p) => p.name), ['ann', 'bob']);
    assert.equal(whole.earlier, 0);
    const latest = await readThread({ thread_id: thread, limit: 1 });
    assert.deepEqual([latest.messages.map((m) => m.sender), latest.earlier], [['bob'], 1]);
    const rest = await fetch(`${env.url}/api/v1/messages/threads/${thread}`, { headers: { 'x-coordinator-agent': 'bob' } });
    assert.equal(rest.status, 200);
    assert.equal(((await rest.json()) as { messages: unknown[] }).messages.length, 2);
    const outsider = await httpClient(env.url, 'outsider', {}, '?toolsets=messages').connect();
    try {
      await outsider.call('register_agent', { name: 'outsider' });
      assert.match(await outsider.fail('get_thread', { thread_id: thread }), /FORBIDDEN.*outsider takes no part in thread/);
      assert.match(await outsider.fail('get_thread', { thread_id: '00000000-0000-4000-8000-000000000000' }), /NOT_FOUND.*thread_id/);
    } finally {
      await outsider.close();
    }

    const direct = await cli(['message', '--agent', 'bob', 'ann', 'and one more thing']);
    assert.equal(direct.code, 0, direct.stderr);
    assert.notEqual((await a.call('get_notifications', {})).notifications[0]?.thread_id, thread, 'a new message starts a new thread');
  });

  it('refuses bad input naming the field, unknown recipients as NOT_FOUND, and a sender over its rate limit', async () => {
    assert.match(await a.fail('send_message', { to: 'bob', body: '   ' }), /VALIDATION.*body/s);
    assert.match(await a.fail('send_message', { to: 'bob', body: 'x'.repeat(INBOX_LIMITS.messageLength + 1) }), /body/);
    assert.match(await a.fail('send_message', { to: 'bob', body: 'nul \u0000 here' }), /body.*NUL/s);
    assert.match(await a.fail('send_message', { body: 'to whom?' }), /VALIDATION.*say where the message goes: to \(an agent\), task_id, mission_id or reply_to/);
    assert.match(await a.fail('send_message', { to: 'bob', task_id: 'T-1', body: 'both' }), /give only one of to, task_id/);
    assert.match(await a.fail('send_message', { to: 'nobody-here', body: 'hello' }), /NOT_FOUND.*no agent "nobody-here" in this project — check the to/);
    assert.match(await a.fail('send_message', { reply_to: '00000000-0000-4000-8000-000000000000', body: 'hello' }), /NOT_FOUND.*reply_to/);
    const cliBad = await cli(['message', '--agent', 'bob', 'ann']);
    assert.notEqual(cliBad.code, 0);

    const spammer = await httpClient(env.url, 'spammer', {}, '?toolsets=messages').connect();
    try {
      await spammer.call('register_agent', { name: 'spammer' });
      let refusal = '';
      for (let i = 0; i <= INBOX_LIMITS.messagesPerWindow && refusal === ''; i++) {
        const r = await spammer.raw('send_message', { to: 'bob', body: `ping ${i}` });
        if (r.isError) refusal = firstText(r);
      }
      assert.match(refusal, /^RATE_LIMITED: send_message: too many attempts — wait \d+ s/);
    } finally {
      await spammer.close();
    }
    // The inbox stays bounded: bob's 30 pings are there, not more than the per-agent bound.
    assert.ok((await b.call('get_notifications', { all: true, limit: 200 })).notifications.length <= INBOX_LIMITS.perAgent);
  });

  it('task threads, assignments and done dependencies reach the right inboxes', async () => {
    const c: Client = connect(env.url).client;
    const first = await c.create_task.mutate({ title: 'schema', assignee: 'ann' });
    await c.create_task.mutate({ title: 'api on schema', depends_on: [first.key], assignee: 'bob' });
    const assigned = await a.call('get_notifications', {});
    assert.match(assigned.notifications.map((n) => n.summary).join('\n'), new RegExp(`task ${first.key} assigned to you: schema`));
    await b.call('get_notifications', {});
    const claimed = await a.call('get_next_task', {});
    assert.equal(claimed.task?.key, first.key);
    const onTask = await b.raw('send_message', { task_id: first.key, body: 'ping me when the schema lands' });
    assert.notEqual(onTask.isError, true, firstText(onTask));
    assert.match((await a.call('get_notifications', {})).notifications[0]?.summary ?? '', new RegExp(`message from bob on ${first.key}`));
    await a.call('complete_task', { task_id: first.key });
    const told = await b.call('get_notifications', {});
    assert.match(told.notifications.map((n) => `${n.kind}: ${n.summary}`).join('\n'), new RegExp(`dependency_done: ${first.key} is done`));
  });
});
