/**
 * The `openai` adapter against a real coordinator and a STAND-IN for the model's answers (a scripted
 * OpenAI-compatible server, fixtures/openai-stand-in.ts): the scripted agent locks a file, writes it and
 * completes the task over the coordinator's tools → the task is done, the file written, the lock
 * released, with tool_use/files_touched/usage events; paths escaping the workspace (`..`, absolute, a
 * symbolic link) are refused and nothing is written outside; the turn bound ends a run that never stops;
 * health from /models (reachable, key refused) and against a closed port (unreachable, with the reason).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '@agent-coordinator/shared';
import { OpenAiAdapter } from '../../server/src/modules/adapter/openai/openai.adapter.ts';
import type { RunSpec } from '../../server/src/modules/adapter/agent-adapter.ts';
import { useCoordinator } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { httpClient } from '../mcp/mcp-client.ts';
import { startOpenAiStandIn, type OpenAiStandIn, type Script } from './fixtures/openai-stand-in.ts';
import { claimedTask } from './support/claimed-task.ts';

const KEY = 'sk-stand-in';

const drain = async (events: AsyncIterable<RunEvent>): Promise<RunEvent[]> => {
  const all: RunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
};

describe('openai adapter (model stand-in, real coordinator)', function () {
  this.timeout(180_000);
  const env = useCoordinator('pglite');
  let standIn: OpenAiStandIn;
  let root: string;
  let workspace: string;
  let outside: string;
  let taskKey = '';

  const scripts: Record<string, Script> = {
    'stand-in-completes': (turn) => {
      if (turn === 1) return { content: 'Locking the file first.', tool_calls: [{ name: 'lock_files', arguments: { paths: ['docs/out.md'], task_id: taskKey } }] };
      if (turn === 2) return { tool_calls: [{ name: 'write_file', arguments: { path: 'docs/out.md', content: 'written by the model stand-in\n' } }] };
      if (turn === 3) return { tool_calls: [{ name: 'complete_task', arguments: { task_id: taskKey, summary: 'wrote docs/out.md' } }] };
      return { content: 'All done.' };
    },
    'stand-in-escapes': (turn) =>
      turn === 1
        ? {
            tool_calls: [
              { name: 'write_file', arguments: { path: '../escaped.txt', content: 'x' } },
              { name: 'write_file', arguments: { path: join(outside, 'absolute.txt'), content: 'x' } },
              { name: 'write_file', arguments: { path: 'out-link/through-link.txt', content: 'x' } },
              { name: 'read_file', arguments: { path: 'out-link/secret.txt' } },
              { name: 'list_files', arguments: { path: 'out-link' } },
            ],
          }
        : { content: 'I could not write there.' },
    'stand-in-loops': () => ({ tool_calls: [{ name: 'list_files', arguments: { path: '' } }] }),
  };

  before(async () => {
    standIn = await startOpenAiStandIn(KEY, scripts);
    root = mkdtempSync(join(tmpdir(), 'ac-openai-'));
    workspace = join(root, 'workspace');
    outside = join(root, 'outside');
    mkdirSync(workspace);
    mkdirSync(outside);
    symlinkSync(outside, join(workspace, 'out-link'));
    rmSync(join(outside, 'secret.txt'), { force: true });
  });
  after(async () => {
    await standIn?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const spec = (runId: string, key: string, agentName: string, maxTurns?: number): RunSpec => ({
    runId,
    task: { key, title: 'Write the out file', description: 'write docs/out.md', files: ['src/claimed.ts'] },
    prompt: `Task ${key}: write docs/out.md.`,
    workspace,
    coordinator: { baseUrl: env.url, mcpUrl: `${env.url}/mcp`, token: '', project: '', agentName },
    env: {},
    limits: { timeLimitMs: 120_000, ...(maxTurns !== undefined ? { maxTurns } : {}) },
    logFile: join(root, 'runs', `${runId}.log`),
  });
  const adapter = (model: string, key = KEY): OpenAiAdapter => new OpenAiAdapter({ base_url: standIn.baseUrl, model, api_key: key });

  it('locks, writes and completes through the coordinator: task done, file written, lock released', async () => {
    taskKey = await claimedTask(env.url, 'openai-run-ok', 'other', 'Write the out file');
    const handle = adapter('stand-in-completes').start(spec('run-ok', taskKey, 'openai-run-ok'));
    assert.equal(handle.pid, undefined);
    const [events, outcome] = await Promise.all([drain(handle.events), handle.outcome]);
    assert.deepEqual(outcome, { status: 'succeeded' }, JSON.stringify(outcome));
    assert.deepEqual(events.flatMap((e) => (e.kind === 'tool_use' ? [e.name] : [])), ['lock_files', 'write_file', 'complete_task']);
    assert.deepEqual(events.filter((e) => e.kind === 'files_touched'), [{ kind: 'files_touched', paths: ['docs/out.md'] }]);
    assert.deepEqual(
      events.filter((e) => e.kind === 'usage'),
      [1, 2, 3, 4].map((turn) => ({ kind: 'usage', input_tokens: 100 * turn, output_tokens: 10 })),
    );
    assert.equal(readFileSync(join(workspace, 'docs/out.md'), 'utf8'), 'written by the model stand-in\n');
    // The model was offered the coordinator's tools (not register_agent) and the file tools, and saw the lock granted.
    const first = standIn.requests.find((r) => r.model === 'stand-in-completes');
    const offered = first?.tools?.map((t) => t.function.name) ?? [];
    for (const name of ['lock_files', 'complete_task', 'heartbeat', 'read_file', 'list_files', 'write_file']) assert.ok(offered.includes(name), `${name} offered`);
    assert.ok(!offered.includes('register_agent'));
    const second = standIn.requests.filter((r) => r.model === 'stand-in-completes')[1];
    assert.match(second?.messages.at(-1)?.content ?? '', /"docs\/out\.md"/);

    const check = await httpClient(env.url, 'checker').connect();
    try {
      const done = await check.call('list_tasks', { status: 'done' });
      assert.ok(done.tasks.some((t) => t.key === taskKey), `${taskKey} is done`);
      const files = await check.call('check_files', { paths: ['docs/out.md'] });
      assert.equal(files.files[0]?.locked, false, 'completing released the lock');
    } finally {
      await check.close();
    }
  });

  it('refuses paths that escape the workspace, symbolic links included, and writes nothing outside', async () => {
    const key = await claimedTask(env.url, 'openai-run-escape', 'other', 'Escape');
    const handle = adapter('stand-in-escapes').start(spec('run-escape', key, 'openai-run-escape'));
    const [events, outcome] = await Promise.all([drain(handle.events), handle.outcome]);
    assert.deepEqual(outcome, { status: 'succeeded' });
    assert.deepEqual(events.filter((e) => e.kind === 'files_touched'), []);
    assert.ok(!existsSync(join(root, 'escaped.txt')) && !existsSync(join(outside, 'absolute.txt')) && !existsSync(join(outside, 'through-link.txt')));
    const answers = standIn.requests.filter((r) => r.model === 'stand-in-escapes')[1]?.messages.filter((m) => m.role === 'tool').map((m) => m.content ?? '') ?? [];
    assert.equal(answers.length, 5);
    assert.match(answers[0] ?? '', /^ERROR: write_file: path "\.\.\/escaped\.txt" is refused: it leads out of the workspace/);
    assert.match(answers[1] ?? '', /^ERROR: write_file: path ".*absolute\.txt" is refused: it is absolute/);
    assert.match(answers[2] ?? '', /^ERROR: write_file: path "out-link\/through-link\.txt" is refused: a symbolic link on it leads out of the workspace/);
    assert.match(answers[3] ?? '', /^ERROR: read_file: path "out-link\/secret\.txt" is refused: a symbolic link/);
    assert.match(answers[4] ?? '', /^ERROR: list_files: path "out-link" is refused: a symbolic link/);
  });

  it('ends a run that never stops at the turn bound', async () => {
    const key = await claimedTask(env.url, 'openai-run-loops', 'other', 'Loop');
    const handle = adapter('stand-in-loops').start(spec('run-loops', key, 'openai-run-loops', 3));
    const outcome = await handle.outcome;
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && /^turn limit reached: the model still called tools after 3 turns/.test(outcome.reason), JSON.stringify(outcome));
    assert.equal(standIn.requests.filter((r) => r.model === 'stand-in-loops').length, 3);
  });

  it('cancel aborts the loop and the run ends as cancelled', async () => {
    const key = await claimedTask(env.url, 'openai-run-cancel', 'other', 'Cancel me');
    const handle = adapter('stand-in-loops').start(spec('run-cancel', key, 'openai-run-cancel', 1000));
    for await (const event of handle.events) if (event.kind === 'tool_use') break;
    await handle.cancel('stopped by test');
    assert.deepEqual(await handle.outcome, { status: 'cancelled', reason: 'stopped by test' });
  });

  it('health: reachable with the model listed; a refused key; a closed port is unreachable with the reason', async () => {
    const ok = await adapter('stand-in-completes').health();
    assert.deepEqual({ reachable: ok.reachable, authenticated: ok.authenticated, installed: ok.installed }, { reachable: true, authenticated: true, installed: true });
    assert.match(ok.reason, /answers and lists the model/);
    const unlisted = await adapter('gpt-nope').health();
    assert.match(unlisted.reason, /does not list gpt-nope .*set AC_OPENAI_MODEL/);
    const refused = await adapter('stand-in-completes', 'wrong-key').health();
    assert.equal(refused.authenticated, false);
    assert.match(refused.reason, /refused the key: GET \/models answered 401: Incorrect API key provided/);
    const port = await freePort();
    const closed = await new OpenAiAdapter({ base_url: `http://127.0.0.1:${port}/v1`, model: 'm' }).health();
    assert.equal(closed.reachable, false);
    assert.match(closed.reason, new RegExp(`^http://127\\.0\\.0\\.1:${port}/v1 \\(model m\\) is unreachable: GET http://127\\.0\\.0\\.1:${port}/v1/models failed: .*ECONNREFUSED`));
  });
});
