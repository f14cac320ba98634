/**
 * A waiter killed mid-wait does not block the others (issue #15), with real processes: while A holds a
 * path, W1 (an official-SDK MCP session in this process) queues, then two separate Node processes queue —
 * the CLI `lock --wait` and an official-SDK MCP client (support/mcp-lock-waiter.ts) — then W2. Both
 * children are killed with SIGKILL mid-wait; their places go with their connections. A releases: W1 is
 * granted, W2 still waits behind it; W1 releases: W2 is granted. The killed agents were never granted
 * (no lock.acquired of theirs in the event log) and hold nothing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliRunner } from '../cli/run-cli.ts';
import { readAllEvents } from '../support/event-replay.ts';
import { connect, useCoordinator } from '../support/coordinator.ts';
import { until } from '../support/until.ts';
import { CLI_MAIN, httpClient, type McpTestClient } from './mcp-client.ts';

const WAITER_SCRIPT = fileURLToPath(new URL('../support/mcp-lock-waiter.ts', import.meta.url));

describe('MCP: a waiter killed mid-wait does not block the others (pglite)', function () {
  const env = useCoordinator('pglite');
  const open: McpTestClient[] = [];
  const ids = new Map<string, string>();
  const children: ChildProcess[] = [];
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ac-killed-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.allSettled(open.map((c) => c.close()));
    await rm(dir, { recursive: true, force: true });
  });
  const session = async (name: string): Promise<McpTestClient> => {
    const client = await httpClient(env.url, name).connect();
    open.push(client);
    ids.set(name, (await client.call('register_agent', { name })).agent_id);
    return client;
  };
  const waiting = (): number => env.coordinator.server.coordinator.services.locks.waiting;
  // Generous: a child process starts Node and loads the CLI or the SDK first, slow on a loaded machine.
  const untilWaiting = (count: number): Promise<boolean> => until(`${count} waiters`, () => waiting() === count, 30_000);
  const child = (args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): ChildProcess => {
    const proc = spawn(process.execPath, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(proc);
    return proc;
  };
  const killed = async (proc: ChildProcess): Promise<void> => {
    const exit = once(proc, 'exit');
    assert.ok(proc.kill('SIGKILL'));
    await exit;
    assert.equal(proc.signalCode, 'SIGKILL');
  };

  it('grants the live waiters in arrival order; the killed ones lose their place and are never granted', async () => {
    const path = 'killed/a.ts';
    const [a, w1, w2] = [await session('k-holder'), await session('k-first'), await session('k-last')];
    const lastId = ids.get('k-last');
    assert.equal((await a.call('lock_files', { paths: [path] })).granted, true);

    const first = w1.call('lock_files', { paths: [path], wait_seconds: 120 });
    await untilWaiting(1);

    // A CLI process: registered as k-cli, then `lock --wait`.
    const cliEnv = { AGENT_COORDINATOR_STATE: join(dir, 'state.json'), XDG_CONFIG_HOME: join(dir, 'config'), AGENT_COORDINATOR_URL: env.url };
    const cli = cliRunner({ stateFile: cliEnv.AGENT_COORDINATOR_STATE, configHome: cliEnv.XDG_CONFIG_HOME, url: env.url });
    const registered = await cli(['register', 'k-cli']);
    assert.equal(registered.code, 0, registered.stderr);
    const cliWaiter = child([CLI_MAIN, 'lock', path, '--wait', '120'], cliEnv);
    await untilWaiting(2);

    // An official-SDK MCP client in a process of its own.
    const mcpWaiter = child([WAITER_SCRIPT, env.url, 'k-mcp', path, '120']);
    await untilWaiting(3);

    const last = w2.call('lock_files', { paths: [path], wait_seconds: 120 });
    await untilWaiting(4);

    await killed(cliWaiter);
    await killed(mcpWaiter);
    // Their connections dropped: the server takes them out of the queue.
    await untilWaiting(2);

    await a.call('release_files', { paths: [path] });
    const granted = await first;
    assert.equal(granted.granted, true, 'the first live waiter is granted');
    assert.equal(waiting(), 1, 'the last one still waits, behind the first');
    await w1.call('release_files', { paths: [path] });
    assert.equal((await last).granted, true, 'then the last one');

    const trpc = connect(env.url).client;
    const holders = (await trpc.list_locks.query({})).filter((l) => l.path === path).map((l) => l.held_by);
    assert.deepEqual(holders, ['k-last']);
    await w2.call('release_files', { paths: [path] });
    // Events are numbered just after their commit: read until the release is in, so every grant before it is.
    const events = await until('the last release in the event log', async () => {
      const all = await readAllEvents(trpc);
      return all.some((e) => e.type === 'lock.released' && e.locks.some((l) => l.path === path && l.held_by_id === lastId)) && all;
    });
    const grantedTo = events.flatMap((e) => (e.type === 'lock.acquired' ? e.locks.filter((l) => l.path === path).map((l) => l.held_by) : []));
    assert.deepEqual(grantedTo, ['k-holder', 'k-first', 'k-last'], 'no grant ever went to a killed waiter');
  });
});
