/**
 * Runs end to end: a real coordinator (PGlite) over tRPC, a real git repository, `command` adapters that
 * run real shell scripts. Exit 0 in a worktree → task done, branch ac/T-n carries the change, locks gone;
 * exit 1 → failed with the log's tail; cancel → the process group gone (by pid), task back in the queue;
 * refused while another agent holds the task's files; two runs racing for an adapter's last slot → one
 * refused; output recorded as bounded run.output events and in the run's log file.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '@agent-coordinator/shared';
import { useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { until } from '../support/until.ts';
import { git, makeRepository } from './support/run-repository.ts';
import { cliRunner } from '../cli/run-cli.ts';
import { groupMembers } from '../../server/src/modules/adapter/process-group.ts';

const finished = (c: Client, id: string, timeoutMs = 60_000): Promise<Run> =>
  until(`run ${id} to end`, async () => {
    const run = await c.get_run.query({ run_id: id });
    return run.status !== 'running' && run.status !== 'starting' ? run : null;
  }, timeoutMs);

describe('runs (command adapter, PGlite, real git)', function () {
  const repo = makeRepository();
  const env = useCoordinator('pglite', { repoRoot: repo, maxConcurrentRuns: 4 });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('lists the configured adapters with their health', async () => {
    const c = env.client();
    const adapters = await c.check_adapters.mutate();
    const edit = adapters.find((a) => a.name === 'command:edit');
    assert.equal(edit?.health?.installed, true);
    assert.equal(edit?.health?.authenticated, 'unknown');
  });

  it('exit 0 in a worktree: task done, branch ac/T-n carries the change, locks gone, output recorded', async () => {
    const c = env.client();
    const task = await c.create_task.mutate({ title: 'Change a', files: ['src/a.txt'] });
    const run = await c.run_task.mutate({ task_id: task.key, adapter: 'command:edit', worktree: true });
    assert.equal(run.branch, `ac/${task.key}`);
    assert.equal(run.status, 'running');
    const done = await finished(c, run.id);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    const after = await c.get_task.query({ task_id: task.key });
    assert.equal(after.status, 'done');
    assert.equal(after.claimed_by, run.agent_id);
    const locks = await c.list_locks.query({});
    assert.equal(locks.filter((l) => l.task_id === task.task_id).length, 0, 'the task\'s locks are gone');
    assert.match(git(repo, 'show', `ac/${task.key}:src/a.txt`), new RegExp(`changed by command-edit-${task.key}`));
    assert.equal(readFileSync(join(repo, 'src', 'a.txt'), 'utf8'), 'a\n', 'the main checkout is untouched');
    assert.match(readFileSync(done.log_file, 'utf8'), new RegExp(`\\[stdout\\] editing ${task.key} as command-edit-${task.key}`));
    const events = { events: await c.list_events.query({ after: 0, limit: 1000 }) };
    const outputs = events.events.filter((e) => e.type === 'run.output' && e.run_id === run.id);
    assert.ok(outputs.length >= 1, 'output recorded as run.output events');
    assert.ok(events.events.some((e) => e.type === 'run.finished' && e.run.id === run.id && e.run.status === 'succeeded'));
  });

  it('exit 1: the task fails with the log tail', async () => {
    const c = env.client();
    const task = await c.create_task.mutate({ title: 'Fails', files: ['src/b.txt'] });
    const run = await c.run_task.mutate({ task_id: task.key, adapter: 'command:fail' });
    const done = await finished(c, run.id);
    assert.equal(done.status, 'failed');
    assert.match(done.reason ?? '', /code 1/);
    const after = await c.get_task.query({ task_id: task.key });
    assert.equal(after.status, 'failed');
    assert.match(after.progress_note ?? '', /fatal: could not build/);
    assert.match(after.progress_note ?? '', /working 30/);
  });

  it('cancel mid-run: the process group is gone and the task is back in the queue', async () => {
    const c = env.client();
    const task = await c.create_task.mutate({ title: 'Long', files: ['src/long.txt'] });
    const run = await c.run_task.mutate({ task_id: task.key, adapter: 'command:slow' });
    assert.ok(run.pid);
    await until('the script to start its grandchild', () => groupMembers(run.pid ?? 0).length >= 2);
    const cancelled = await c.cancel_run.mutate({ run_id: run.id, reason: 'changed my mind' });
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(groupMembers(run.pid ?? 0).length, 0, 'no process of the run left');
    const after = await c.get_task.query({ task_id: task.key });
    assert.equal(after.status, 'open');
    assert.equal(after.claimed_by, null);
  });

  it('is refused while another agent holds the task\'s files', async () => {
    const c = env.client();
    const holder = await c.register_agent.mutate({ name: 'holder-of-b' });
    await c.lock_files.mutate({ agent_id: holder.agent_id, paths: ['src/held.txt'] });
    const task = await c.create_task.mutate({ title: 'Blocked', files: ['src/held.txt'] });
    await rejectsWith(c.run_task.mutate({ task_id: task.key, adapter: 'command:edit' }), 'LOCK_HELD', { field: 'task_id' });
    const after = await c.get_task.query({ task_id: task.key });
    assert.equal(after.status, 'open');
  });

  it('two runs racing for an adapter\'s last slot: one starts, one is refused', async () => {
    const c = env.client();
    const [t1, t2] = await Promise.all([c.create_task.mutate({ title: 'Race 1', files: ['race/1.txt'] }), c.create_task.mutate({ title: 'Race 2', files: ['race/2.txt'] })]);
    const results = await Promise.allSettled([
      c.run_task.mutate({ task_id: t1.key, adapter: 'command:single' }),
      c.run_task.mutate({ task_id: t2.key, adapter: 'command:single' }),
    ]);
    const started = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(started.length, 1);
    assert.equal(refused.length, 1);
    await rejectsWith(Promise.reject((refused[0] as PromiseRejectedResult).reason), 'CONFLICT', { message: /max_concurrent/ });
    const run = (started[0] as PromiseFulfilledResult<Run>).value;
    await c.cancel_run.mutate({ run_id: run.id });
    const other = run.task_key === t1.key ? t2 : t1;
    assert.equal((await c.get_task.query({ task_id: other.key })).status, 'open', 'the refused run claimed nothing');
  });

  it('from the CLI: `adapters` lists them with health, `run --wait` runs a task to its end, `run-output` prints its log', async () => {
    const home = join(repo, '.cli-home');
    const cli = cliRunner({ stateFile: join(home, 'state.json'), configHome: home, url: env.url });
    const adapters = await cli(['adapters', '--check']);
    assert.equal(adapters.code, 0, adapters.stderr);
    assert.match(adapters.stdout, /command:edit\s+other\s+installed/);
    const task = await env.client().create_task.mutate({ title: 'From the shell', files: ['src/cli.txt'] });
    const run = await cli(['run', task.key, '--adapter', 'command:fail', '--wait', '--json']);
    assert.equal(run.code, 1, 'a failed run exits 1');
    const shown = JSON.parse(run.stdout) as Run;
    assert.equal(shown.status, 'failed');
    const output = await cli(['run-output', shown.id]);
    assert.equal(output.code, 0, output.stderr);
    assert.match(output.stdout, /^\[stdout\] working 30$/m);
    assert.match(output.stdout, /^\[stderr\] fatal: could not build$/m);
    const cut = await cli(['run-output', shown.id, '--max-bytes', '40']);
    assert.match(cut.stdout, /^\(earlier output left out; .*`agent-coordinator get-run /);
    assert.doesNotMatch(cut.stdout, /working 1\n/);
    const bad = await cli(['run-output', shown.id, '--max-bytes', 'lots']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /^agent-coordinator: get-run-output: .*max_bytes/);
    const unknownRun = await cli(['run-output', 'no-such-run']);
    assert.equal(unknownRun.code, 3, unknownRun.stderr);
    assert.match(unknownRun.stderr, /^agent-coordinator: get-run-output: no run no-such-run in this project; list runs with `agent-coordinator list-runs`/);
    const unknown = await cli(['run', task.key, '--adapter', 'command:nope']);
    assert.equal(unknown.code, 3, unknown.stderr);
    assert.match(unknown.stderr, /no adapter command:nope/);
  });
});
