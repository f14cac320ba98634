/**
 * Live events patch the dashboard's cache from their contents (dashboard/src/live/cache-patches.ts):
 * what is patched needs no request; what is being fetched, or not cached, is left to a refetch.
 */
import assert from 'node:assert/strict';
import { QueryClient } from '@tanstack/query-core';
import type { CoordinatorEvent, Lock, RunOutput, Task } from '@agent-coordinator/shared';
import { patchFromEvent, upsert } from '../../dashboard/src/live/cache-patches.ts';
import { KEYS } from '../../dashboard/src/live/query-keys.ts';
import { lock as wireLock, task as wireTask } from '../support/wire-fixtures.ts';

const task = (id: string, status: Task['status'] = 'open'): Task => wireTask({ task_id: id, key: `T-${id.slice(-1)}`, status });
const lock = (id: string, path: string): Lock => wireLock({ lock_id: id, path, held_by: 'bot', held_by_id: 'a1' });
let id = 0;
const event = (payload: Record<string, unknown>): CoordinatorEvent => ({ id: ++id, at: '2026-12-05T00:00:00.000Z', ...payload }) as CoordinatorEvent;

describe('dashboard cache patches from live events', () => {
  it('upserts by id: replaces in place, appends what is new', () => {
    const list = [task('t1'), task('t2')];
    assert.deepEqual(upsert(list, task('t2', 'done'), (t) => t.task_id).map((t) => t.status), ['open', 'done']);
    assert.deepEqual(upsert(list, task('t3'), (t) => t.task_id).map((t) => t.task_id), ['t1', 't2', 't3']);
  });

  it('moves a task on the board from task.updated without refetching the task list', () => {
    const queries = new QueryClient();
    queries.setQueryData(KEYS.tasks, [task('t1'), task('t2')]);
    const stale = patchFromEvent(queries, event({ type: 'task.updated', task: task('t1', 'in_progress'), previous_status: 'open' }));
    assert.deepEqual(queries.getQueryData<Task[]>(KEYS.tasks)?.map((t) => t.status), ['in_progress', 'open']);
    assert.ok(!stale.includes(KEYS.tasks), 'the task list is not refetched');
    assert.ok(stale.includes(KEYS.board), 'the board summary (current tasks) still is');
    patchFromEvent(queries, event({ type: 'task.created', task: task('t3') }));
    assert.equal(queries.getQueryData<Task[]>(KEYS.tasks)?.length, 3);
  });

  it('adds acquired locks in path order, drops released ones, moves renewed expiries', () => {
    const queries = new QueryClient();
    queries.setQueryData(KEYS.locks, [lock('l2', 'src/b.ts')]);
    patchFromEvent(queries, event({ type: 'lock.acquired', locks: [lock('l1', 'src/a.ts')] }));
    assert.deepEqual(queries.getQueryData<Lock[]>(KEYS.locks)?.map((l) => l.path), ['src/a.ts', 'src/b.ts']);
    patchFromEvent(queries, event({ type: 'locks.renewed', agent_id: 'a1', last_heartbeat_at: '2026-12-05T00:30:00.000Z', locks: [{ lock_id: 'l1', expires_at: '2026-12-05T02:00:00.000Z' }] }));
    assert.equal(queries.getQueryData<Lock[]>(KEYS.locks)?.[0]?.expires_at, '2026-12-05T02:00:00.000Z');
    patchFromEvent(queries, event({ type: 'lock.released', locks: [{ lock_id: 'l2', path: 'src/b.ts', mode: 'exclusive', held_by_id: 'a1', task_id: null }], reason: 'released' }));
    assert.deepEqual(queries.getQueryData<Lock[]>(KEYS.locks)?.map((l) => l.lock_id), ['l1']);
  });

  it('leaves an uncached list alone, and refetches one whose fetch is in flight instead of patching it', async () => {
    const queries = new QueryClient();
    assert.ok(!patchFromEvent(queries, event({ type: 'task.created', task: task('t1') })).includes(KEYS.tasks));
    assert.equal(queries.getQueryData(KEYS.tasks), undefined, 'nothing invented before the first fetch');

    queries.setQueryData(KEYS.tasks, [task('t1')]);
    let answer: (value: Task[]) => void = () => undefined;
    const inFlight = queries.fetchQuery({ queryKey: KEYS.tasks, queryFn: () => new Promise<Task[]>((resolve) => (answer = resolve)), staleTime: 0 });
    const stale = patchFromEvent(queries, event({ type: 'task.created', task: task('t2') }));
    assert.ok(stale.includes(KEYS.tasks), 'the response in flight may predate the event: refetch');
    answer([task('t1')]);
    await inFlight;
  });

  it('invalidates what events do not carry: policies, coverage, adapters', () => {
    const queries = new QueryClient();
    assert.deepEqual(patchFromEvent(queries, event({ type: 'policy.file_rejected', path: 'p.yaml', errors: [] })), [KEYS.policies, KEYS.approvals]);
    assert.ok(patchFromEvent(queries, event({ type: 'requirement.created', requirement: {} })).includes(KEYS.coverage));
    assert.deepEqual(patchFromEvent(queries, event({ type: 'adapter.health_changed', adapter: 'x', health: {}, previous: null })), [KEYS.adapters]);
  });

  it("appends a run's output events to its open output panel, and to no other", () => {
    const queries = new QueryClient();
    const key = [...KEYS.runOutput, 'r1'];
    queries.setQueryData<RunOutput>(key, { run_id: 'r1', text: '[stdout] one\n', truncated: false });
    const output = (run: string, e: Record<string, unknown>): CoordinatorEvent => event({ type: 'run.output', run_id: run, task_key: 'T-1', event: e });
    assert.deepEqual(patchFromEvent(queries, output('r1', { kind: 'log', stream: 'stdout', text: 'two' })), []);
    patchFromEvent(queries, output('r1', { kind: 'tool_use', name: 'lock_files' }));
    patchFromEvent(queries, output('r2', { kind: 'log', stream: 'stderr', text: 'elsewhere' }));
    assert.equal(queries.getQueryData<RunOutput>(key)?.text, '[stdout] one\n[stdout] two\n» tool lock_files\n');
    assert.equal(queries.getQueryData([...KEYS.runOutput, 'r2']), undefined, 'a panel never opened is not invented');
  });
});
