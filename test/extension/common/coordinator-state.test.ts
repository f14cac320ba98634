/** CoordinatorState: snapshot plus events, including replaying events the snapshot already contains. */
import assert from 'node:assert/strict';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { CoordinatorState } from '../../../extension/src/common/coordinator-state.ts';
import { agent, lock, task, uuid } from '../../support/wire-fixtures.ts';

const A = uuid(1);
const B = uuid(2);
const T1 = uuid(11);
const L1 = uuid(21);

describe('extension CoordinatorState', () => {
  it('loads a snapshot and reports every lock path as changed', () => {
    const state = new CoordinatorState();
    assert.equal(state.loaded, false);
    const change = state.reset({ agents: [agent({ agent_id: A, name: 'alice' })], tasks: [task({ task_id: T1, key: 'T-1' })], locks: [lock({ lock_id: L1, path: 'src/a.ts', held_by_id: A, held_by: 'alice' })] });
    assert.equal(state.loaded, true);
    assert.deepEqual(change.lockPaths, ['src/a.ts']);
    assert.equal(state.task('T-1')?.task_id, T1);
    assert.equal(state.agent(A)?.name, 'alice');
  });

  it('a second snapshot reports only the locks that differ', () => {
    const state = new CoordinatorState();
    const keep = lock({ lock_id: L1, path: 'src/a.ts', held_by_id: A, held_by: 'alice' });
    state.reset({ agents: [], tasks: [], locks: [keep, lock({ lock_id: uuid(22), path: 'src/gone.ts', held_by_id: A, held_by: 'alice' })] });
    const change = state.reset({ agents: [], tasks: [], locks: [keep, lock({ lock_id: uuid(23), path: 'src/new.ts', held_by_id: B, held_by: 'bob' })] });
    assert.deepEqual([...change.lockPaths].sort(), ['src/gone.ts', 'src/new.ts']);
  });

  it('applies lock.acquired and lock.released by lock id', () => {
    const state = new CoordinatorState();
    state.reset({ agents: [], tasks: [], locks: [] });
    const l = lock({ lock_id: L1, path: 'src/a.ts', held_by_id: B, held_by: 'bob' });
    const acquired = state.apply({ type: 'lock.acquired', locks: [l], id: 1, at: l.acquired_at });
    assert.deepEqual(acquired.lockPaths, ['src/a.ts']);
    assert.equal(state.locks.length, 1);
    const released = state.apply({ type: 'lock.released', locks: [{ lock_id: L1, path: 'src/a.ts', mode: 'exclusive', held_by_id: B, task_id: null }], reason: 'released', id: 2, at: l.acquired_at });
    assert.deepEqual(released.lockPaths, ['src/a.ts']);
    assert.equal(state.locks.length, 0);
  });

  it('replaying, in order, events that the snapshot already contains ends in the server state', () => {
    // The server: T1 created, claimed by A, A locks a.ts, A completes T1 (lock released); the snapshot is taken after all of it.
    const t1 = task({ task_id: T1, key: 'T-1', files: ['src/a.ts'] });
    const l1 = lock({ lock_id: L1, path: 'src/a.ts', held_by_id: A, held_by: 'alice', task_id: T1, task_key: 'T-1' });
    const events: CoordinatorEvent[] = [
      { type: 'task.created', task: t1, id: 1, at: t1.created_at },
      { type: 'task.claimed', task: { ...t1, status: 'claimed', claimed_by: A }, agent_id: A, id: 2, at: t1.created_at },
      { type: 'lock.acquired', locks: [l1], id: 3, at: t1.created_at },
      { type: 'task.updated', task: { ...t1, status: 'done', claimed_by: A }, previous_status: 'claimed', id: 4, at: t1.created_at },
      { type: 'lock.released', locks: [{ lock_id: L1, path: 'src/a.ts', mode: 'exclusive', held_by_id: A, task_id: T1 }], reason: 'task_finished', id: 5, at: t1.created_at },
    ];
    const state = new CoordinatorState();
    state.reset({ agents: [agent({ agent_id: A, name: 'alice' })], tasks: [{ ...t1, status: 'done', claimed_by: A }], locks: [] });
    for (const e of events) state.apply(e);
    assert.equal(state.task(T1)?.status, 'done');
    assert.equal(state.locks.length, 0);
  });

  it('ignores event types it does not know', () => {
    const state = new CoordinatorState();
    const unknown = { type: 'mission.created', id: 9, at: '2026-11-21T14:00:00.000Z' } as unknown as CoordinatorEvent;
    assert.deepEqual(state.apply(unknown), { agents: false, tasks: false, lockPaths: [] });
  });

  it('tracks agent status changes', () => {
    const state = new CoordinatorState();
    state.reset({ agents: [agent({ agent_id: A, name: 'alice' })], tasks: [], locks: [] });
    state.apply({ type: 'agent.status_changed', agent_id: A, name: 'alice', status: 'offline', reason: 'silent', id: 1, at: '2026-11-21T14:05:00.000Z' });
    assert.equal(state.agent(A)?.status, 'offline');
  });

  it("shows an agent's new kind and capabilities once its owner or an admin changes them", () => {
    const state = new CoordinatorState();
    state.reset({ agents: [agent({ agent_id: A, name: 'alice' })], tasks: [], locks: [] });
    const change = state.apply({
      type: 'audit.agent_standing_changed',
      account: 'root',
      agent_id: A,
      agent_name: 'alice',
      operation: 'set_agent',
      previous_kind: 'other',
      kind: 'cursor',
      previous_capabilities: [],
      capabilities: ['review'],
      id: 1,
      at: '2026-11-21T14:05:00.000Z',
    });
    assert.equal(change.agents, true);
    assert.deepEqual([state.agent(A)?.kind, state.agent(A)?.capabilities], ['cursor', ['review']]);
  });
  it("follows a heartbeat's lease renewal: the lock's expiry and the holder's heartbeat time move forward, never back", () => {
    const state = new CoordinatorState();
    const granted = lock({ lock_id: L1, path: 'src/a.ts', held_by_id: A, held_by: 'alice', expires_at: '2026-11-21T14:05:00.000Z' });
    const other = lock({ lock_id: uuid(22), path: 'src/b.ts', held_by_id: B, held_by: 'bob', expires_at: '2026-11-21T14:05:00.000Z' });
    state.reset({ agents: [agent({ agent_id: A, name: 'alice', last_heartbeat_at: '2026-11-21T14:00:00.000Z' })], tasks: [], locks: [granted, other] });
    const renewal: CoordinatorEvent = {
      type: 'locks.renewed',
      agent_id: A,
      last_heartbeat_at: '2026-11-21T14:04:00.000Z',
      locks: [{ lock_id: L1, expires_at: '2026-11-21T14:09:00.000Z' }],
      id: 1,
      at: '2026-11-21T14:04:00.010Z',
    };
    const change = state.apply(renewal);
    assert.deepEqual(change.lockPaths, ['src/a.ts']);
    assert.equal(state.locks.find((l) => l.lock_id === L1)?.expires_at, '2026-11-21T14:09:00.000Z');
    assert.equal(state.locks.find((l) => l.lock_id === other.lock_id)?.expires_at, '2026-11-21T14:05:00.000Z');
    assert.equal(state.agent(A)?.last_heartbeat_at, '2026-11-21T14:04:00.000Z');
    assert.equal(state.agent(A)?.expires_at, '2026-11-21T14:05:00.000Z', 'its liveness window (60 s) moves with it');
    // Replayed after a newer snapshot (subscribe first, snapshot second): the later expiry stays.
    state.reset({ agents: [agent({ agent_id: A, name: 'alice', last_heartbeat_at: '2026-11-21T14:06:00.000Z' })], tasks: [], locks: [{ ...granted, expires_at: '2026-11-21T14:11:00.000Z' }] });
    assert.deepEqual(state.apply(renewal).lockPaths, []);
    assert.equal(state.locks[0]?.expires_at, '2026-11-21T14:11:00.000Z');
    assert.equal(state.agent(A)?.last_heartbeat_at, '2026-11-21T14:06:00.000Z');
  });
});
