/**
 * "A lock you waited for is free" reaches the inbox (issue #15), with official-SDK MCP sessions: A holds
 * src/a.ts; B asks check_files with notify_when_free; A releases; B's next tool result ends with
 * "src/a.ts is free", get_notifications lists it exactly once, and the Claude Code hook carries the next
 * one. Paths freed together make one notification; a path still held by a third agent is not "free".
 * The CLI asks the same way (`check PATH... --notify`) and hears it in `inbox`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useCoordinator } from '../support/coordinator.ts';
import { httpClient, type McpTestClient } from '../mcp/mcp-client.ts';
import { cliRunner, type RunCli } from '../cli/run-cli.ts';
import { until } from '../support/until.ts';

const lastText = (result: { content: readonly { type: string; text?: string }[] }): string => result.content.filter((c) => c.type === 'text').at(-1)?.text ?? '';

describe('inbox: a lock you waited for is free (pglite)', function () {
  const env = useCoordinator('pglite');
  let a: McpTestClient;
  let b: McpTestClient;
  let c: McpTestClient;
  let cli: RunCli;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-lock-free-'));
    cli = cliRunner({ stateFile: join(dir, 'state.json'), configHome: join(dir, 'config'), url: env.url });
    [a, b, c] = await Promise.all([httpClient(env.url, 'free-ann').connect(), httpClient(env.url, 'free-bob').connect(), httpClient(env.url, 'free-cy').connect()]);
    for (const [client, name] of [[a, 'free-ann'], [b, 'free-bob'], [c, 'free-cy']] as const) await client.call('register_agent', { name });
  });
  after(async () => {
    await Promise.allSettled([a.close(), b.close(), c.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it("B asked to hear about A's src/a.ts; A releases; B's next tool result and get_notifications say it once", async () => {
    assert.equal((await a.call('lock_files', { paths: ['src/a.ts'] })).granted, true);
    const checked = await b.call('check_files', { paths: ['src/a.ts'], notify_when_free: true });
    assert.deepEqual(checked.notify_when_free, ['src/a.ts']);
    // Nothing is free yet: B's results carry no unread line.
    assert.doesNotMatch(lastText(await b.raw('get_task_board', {})), /unread/);

    await a.call('release_files', { paths: ['src/a.ts'] });
    // The interest is settled when the release's event arrives (after its commit): B hears it on a later call.
    const line = await until('the lock_free line in a tool result of B', async () => {
      const text = lastText(await b.raw('get_task_board', {}));
      return /unread/.test(text) && text;
    });
    assert.match(line, /^1 unread: src\/a\.ts is free — lock_files to take it — call get_notifications$/);

    const { notifications } = await b.call('get_notifications', {});
    assert.equal(notifications.length, 1);
    assert.equal(notifications[0]?.kind, 'lock_free');
    assert.deepEqual(notifications[0]?.details['paths'], ['src/a.ts']);
    // Once: asking again (and all of them) finds no second lock_free.
    assert.equal((await b.call('get_notifications', {})).notifications.length, 0);
    const everything = await b.call('get_notifications', { all: true, limit: 50 });
    assert.equal(everything.notifications.filter((n) => n.kind === 'lock_free').length, 1);
    // A released nothing it was waiting for: its inbox has no lock_free.
    assert.equal((await a.call('get_notifications', { all: true })).notifications.filter((n) => n.kind === 'lock_free').length, 0);
  });

  it('paths freed together make one notification; a path another agent still holds is not free; the hook carries it', async () => {
    assert.equal((await a.call('lock_files', { paths: ['src/x.ts', 'src/y.ts'] })).granted, true);
    assert.equal((await c.call('lock_files', { paths: ['src/z.ts'] })).granted, true);
    const checked = await b.call('check_files', { paths: ['src/x.ts', 'src/y.ts', 'src/z.ts', 'src/unheld.ts'], notify_when_free: true });
    assert.deepEqual(checked.notify_when_free, ['src/x.ts', 'src/y.ts', 'src/z.ts']);

    await a.call('release_files', { paths: ['src/x.ts', 'src/y.ts'] });
    await until('the lock_free notification', async () => /unread/.test(lastText(await b.raw('get_task_board', {}))));
    const hook = await cli(['hook', 'claude-post-tool', '--agent', 'free-bob'], {}, JSON.stringify({ session_id: 's1', cwd: dir, hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: join(dir, 'x') } }));
    assert.equal(hook.code, 0, hook.stderr);
    const out = JSON.parse(hook.stdout) as { hookSpecificOutput: { additionalContext: string } };
    assert.match(out.hookSpecificOutput.additionalContext, /src\/x\.ts, src\/y\.ts are free/);
    assert.doesNotMatch(out.hookSpecificOutput.additionalContext, /src\/z\.ts/);
    assert.equal((await b.call('get_notifications', {})).notifications.length, 0, 'the hook marked it read');

    await c.call('release_files', { paths: ['src/z.ts'] });
    const inbox = await until('src/z.ts free in the CLI inbox', async () => {
      const r = await cli(['inbox', '--agent', 'free-bob']);
      return /src\/z\.ts is free/.test(r.stdout) && r;
    }, 30_000);
    assert.equal(inbox.code, 0, inbox.stderr);
    assert.equal((await b.call('get_notifications', { all: true, limit: 50 })).notifications.filter((n) => n.kind === 'lock_free').length, 3);
  });

  it('the CLI asks too: check --notify, then inbox says it is free', async () => {
    assert.equal((await c.call('lock_files', { paths: ['src/w.ts'] })).granted, true);
    const asked = await cli(['check', 'src/w.ts', 'src/nobody.ts', '--notify', '--agent', 'free-bob']);
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(asked.stdout, /you will hear when src\/w\.ts is free/);
    await c.call('release_files', { paths: ['src/w.ts'] });
    await until('src/w.ts free in the CLI inbox', async () => /src\/w\.ts is free/.test((await cli(['inbox', '--agent', 'free-bob'])).stdout), 30_000);
    const none = await cli(['check', 'src/nobody.ts', '--notify', '--agent', 'free-bob']);
    assert.match(none.stdout, /nothing held by another agent/);
  });
});
