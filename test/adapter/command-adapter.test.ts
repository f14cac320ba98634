/**
 * The `command` adapter with real scripts (no coordinator here: run-level behaviour is the run service's):
 * health from the executable and its version, placeholders and environment reaching the process, exit 0
 * → succeeded, exit 1 → failed with the output's tail, cancel → cancelled with the whole group gone.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '@agent-coordinator/shared';
import { CommandAdapter, fillPlaceholders } from '../../server/src/modules/adapter/command.adapter.ts';
import type { RunSpec } from '../../server/src/modules/adapter/agent-adapter.ts';
import { groupMembers } from '../../server/src/modules/adapter/process-group.ts';
import { scriptFolder } from '../support/script-folder.ts';

const FAST_STOP = { interruptMs: 300, terminateMs: 300, killMs: 3_000 };

describe('command adapter', () => {
  const folder = scriptFolder('ac-command-');
  const { script } = folder;
  const spec = (runId: string): RunSpec => ({
    runId,
    task: { key: 'T-7', title: 'Greet', description: 'write hello', files: ['hello.txt'] },
    prompt: 'Write hello into hello.txt',
    workspace: folder.dir,
    coordinator: { baseUrl: 'http://127.0.0.1:1', mcpUrl: 'http://127.0.0.1:1/mcp', token: 'tok', project: 'default', agentName: 'run-agent' },
    env: { EXTRA: 'yes' },
    limits: { timeLimitMs: 60_000 },
    logFile: join(folder.dir, 'runs', `${runId}.log`),
  });
  const drain = async (events: AsyncIterable<RunEvent>): Promise<RunEvent[]> => {
    const all: RunEvent[] = [];
    for await (const event of events) all.push(event);
    return all;
  };

  it('fills placeholders inside arguments', () => {
    assert.equal(fillPlaceholders('--task={task} in {workspace} {unknown}', { task: 'T-7', workspace: '/w' }), '--task=T-7 in /w {unknown}');
  });

  it('reports health: found with its version, or not found with what to do', async () => {
    const versioned = script('versioned.sh', 'echo "agent 1.2.3"');
    const found = await new CommandAdapter('v', { command: [versioned], version_args: ['--version'] }, folder.dir).health();
    assert.deepEqual({ installed: found.installed, version: found.version, authenticated: found.authenticated }, { installed: true, version: 'agent 1.2.3', authenticated: 'unknown' });
    const onPath = await new CommandAdapter('sh', { command: ['sh', '-c', 'true'] }, folder.dir).health();
    assert.equal(onPath.installed, true);
    const missing = await new CommandAdapter('nope', { command: ['no-such-agent-cli-xyz'] }, folder.dir).health();
    assert.equal(missing.installed, false);
    assert.match(missing.reason, /no-such-agent-cli-xyz was not found on PATH/);
  });

  it('runs the command in the workspace with placeholders and the coordinator environment; exit 0 succeeds', async () => {
    const agent = script(
      'agent.sh',
      'echo "task=$1 cwd=$(pwd) agent=$AGENT_COORDINATOR_AGENT url=$AGENT_COORDINATOR_URL token=$COORDINATOR_TOKEN project=$COORDINATOR_PROJECT extra=$EXTRA"\ncat "$2" > hello.txt\necho oops >&2',
    );
    const adapter = new CommandAdapter('script', { command: [agent, '{task}', '{prompt_file}'] }, folder.dir);
    const handle = adapter.start(spec('run-ok'));
    assert.ok(handle.pid);
    const [events, outcome] = await Promise.all([drain(handle.events), handle.outcome]);
    assert.deepEqual(outcome, { status: 'succeeded' });
    assert.deepEqual(events[0], { kind: 'log', stream: 'stdout', text: `task=T-7 cwd=${folder.dir} agent=run-agent url=http://127.0.0.1:1 token=tok project=default extra=yes` });
    assert.ok(events.some((e) => e.kind === 'log' && e.stream === 'stderr' && e.text === 'oops'));
    assert.equal(readFileSync(join(folder.dir, 'hello.txt'), 'utf8'), 'Write hello into hello.txt');
  });

  it('exit 1 fails with the tail of the output', async () => {
    const agent = script('fails.sh', 'for i in $(seq 1 60); do echo "line $i"; done\nexit 1');
    const handle = new CommandAdapter('fails', { command: [agent] }, folder.dir).start(spec('run-fail'));
    const outcome = await handle.outcome;
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && /code 1/.test(outcome.reason));
    assert.ok(outcome.status === 'failed' && outcome.log_tail.endsWith('line 60') && !outcome.log_tail.includes('line 10\n'));
  });

  it('cancel stops the whole process group and ends as cancelled', async () => {
    const agent = script('long.sh', "trap '' INT\nsleep 60 &\necho started\nwait");
    const handle = new CommandAdapter('long', { command: [agent] }, folder.dir, FAST_STOP).start(spec('run-cancel'));
    const iterator = handle.events[Symbol.asyncIterator]();
    assert.deepEqual((await iterator.next()).value, { kind: 'log', stream: 'stdout', text: 'started' });
    const pid = handle.pid ?? 0;
    assert.ok(groupMembers(pid).length >= 2);
    await handle.cancel('stopped by test');
    assert.deepEqual(await handle.outcome, { status: 'cancelled', reason: 'stopped by test' });
    assert.equal(groupMembers(pid).length, 0);
  });

  it('an AbortSignal cancels too', async () => {
    const agent = script('abortable.sh', 'echo up\nsleep 60');
    const controller = new AbortController();
    const handle = new CommandAdapter('abortable', { command: [agent] }, folder.dir, FAST_STOP).start({ ...spec('run-abort'), signal: controller.signal });
    await handle.events[Symbol.asyncIterator]().next();
    controller.abort('time limit');
    assert.deepEqual(await handle.outcome, { status: 'cancelled', reason: 'time limit' });
  });
});
