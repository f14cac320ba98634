/**
 * LiveConnection, the reconnect/backoff/resume state machine: subscribe before the snapshot and buffer,
 * reconnect with growing delays, resume after the last applied event id, reload on stream.resync.
 */
import assert from 'node:assert/strict';
import type { Lock, StreamMessage } from '@agent-coordinator/shared';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../extension/src/common/backoff.ts';
import { CoordinatorState } from '../../../extension/src/common/coordinator-state.ts';
import { LiveConnection, type ConnectionStatus } from '../../../extension/src/common/live-connection.ts';
import { flush, ManualClock, ScriptedTransport } from '../support/fake-transport.ts';
import { lock, uuid } from '../../support/wire-fixtures.ts';

const BOB = uuid(2);
const empty = { agents: [], tasks: [], locks: [] };
const acquired = (id: number, l: Lock): StreamMessage => ({ type: 'lock.acquired', locks: [l], id, at: l.acquired_at });
const lockOn = (path: string, n: number): Lock => lock({ lock_id: uuid(100 + n), path, held_by_id: BOB, held_by: 'bob' });

function setup() {
  const transport = new ScriptedTransport();
  const clock = new ManualClock();
  const state = new CoordinatorState();
  const connection = new LiveConnection(transport, state, { clock, random: () => 0.5 });
  const statuses: ConnectionStatus['kind'][] = [];
  connection.onDidChangeStatus((s) => statuses.push(s.kind));
  return { transport, clock, state, connection, statuses };
}

describe('extension LiveConnection', () => {
  it('backoff grows from the initial delay to the cap, with jitter around it', () => {
    const mid = () => 0.5;
    assert.equal(backoffDelay(1, DEFAULT_BACKOFF, mid), 250);
    assert.equal(backoffDelay(2, DEFAULT_BACKOFF, mid), 500);
    assert.equal(backoffDelay(5, DEFAULT_BACKOFF, mid), 4000);
    assert.equal(backoffDelay(50, DEFAULT_BACKOFF, mid), 30_000);
    const low = backoffDelay(3, DEFAULT_BACKOFF, () => 0);
    const high = backoffDelay(3, DEFAULT_BACKOFF, () => 0.999);
    assert.ok(low >= 800 && low < 1000 && high > 1000 && high <= 1200, `${low} ${high}`);
  });

  it('subscribes first, buffers events during the snapshot, then applies them', async () => {
    const { transport, state, connection, statuses } = setup();
    connection.start();
    assert.equal(transport.last.lastEventId, null);
    transport.last.started();
    transport.last.send(acquired(7, lockOn('src/a.ts', 1)));
    assert.equal(state.locks.length, 0, 'not applied before the snapshot');
    transport.snapshots[0]?.resolve(empty);
    await flush();
    assert.deepEqual(state.locks.map((l) => l.path), ['src/a.ts']);
    assert.equal(connection.lastEventId, 7);
    assert.deepEqual(statuses, ['connecting', 'connected']);
  });

  it('reconnects with backoff after a drop and resumes after the last applied event (no snapshot)', async () => {
    const { transport, clock, state, connection, statuses } = setup();
    transport.autoSnapshot = empty;
    connection.start();
    transport.last.started();
    await flush();
    transport.last.send(acquired(3, lockOn('src/a.ts', 1)));
    transport.last.drop();
    assert.equal(connection.status.kind, 'reconnecting');
    clock.advance(249);
    assert.equal(transport.subscriptions.length, 1, 'waits for the backoff');
    clock.advance(1);
    assert.equal(transport.subscriptions.length, 2);
    assert.equal(transport.last.lastEventId, 3, 'resumes after event 3');
    transport.last.started();
    transport.last.send(acquired(4, lockOn('src/b.ts', 2)));
    await flush();
    assert.deepEqual(state.locks.map((l) => l.path).sort(), ['src/a.ts', 'src/b.ts']);
    assert.equal(connection.status.kind, 'connected');
    assert.deepEqual(statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('ignores replayed events it has already applied', async () => {
    const { transport, state, connection } = setup();
    transport.autoSnapshot = empty;
    connection.start();
    transport.last.started();
    await flush();
    const received: number[] = [];
    connection.onDidReceive((m) => received.push(m.id));
    transport.last.send(acquired(5, lockOn('src/a.ts', 1)));
    transport.last.send(acquired(5, lockOn('src/a.ts', 1)));
    transport.last.send(acquired(4, lockOn('src/old.ts', 3)));
    assert.deepEqual(received, [5]);
    assert.equal(state.locks.length, 1);
  });

  it('doubles the delay on each failed attempt and says offline after three', () => {
    const { transport, clock, connection } = setup();
    connection.start();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const before = clock.now();
      transport.last.drop(new Error('connect ECONNREFUSED'));
      const status = connection.status;
      assert.ok(status.kind === 'reconnecting' || status.kind === 'offline');
      delays.push(status.retryAt - before);
      assert.equal(status.kind, attempt > 3 ? 'offline' : 'reconnecting');
      assert.match(status.error, /ECONNREFUSED/);
      clock.advance(status.retryAt - before);
    }
    assert.deepEqual(delays, [250, 500, 1000, 2000, 4000]);
    assert.equal(transport.subscriptions.length, 6);
  });

  it('without any event id yet, a reconnect reloads the snapshot instead of resuming', async () => {
    const { transport, clock, connection } = setup();
    connection.start();
    transport.last.started();
    transport.snapshots[0]?.resolve(empty);
    await flush();
    transport.last.drop();
    clock.advance(250);
    assert.equal(transport.last.lastEventId, null);
    transport.last.started();
    assert.equal(transport.snapshots.length, 2, 'a second snapshot was requested');
  });

  it('a drop while the snapshot loads discards the buffer and the stale snapshot', async () => {
    const { transport, clock, state, connection } = setup();
    connection.start();
    transport.last.started();
    transport.last.send(acquired(2, lockOn('src/a.ts', 1)));
    transport.last.drop();
    transport.snapshots[0]?.resolve({ ...empty, locks: [lockOn('src/stale.ts', 9)] });
    await flush();
    assert.equal(state.loaded, false, 'the snapshot of the dropped attempt is ignored');
    clock.advance(250);
    assert.equal(transport.last.lastEventId, null);
  });

  it('a stream.resync reloads the snapshot and continues from resume_from', async () => {
    const { transport, clock, state, connection } = setup();
    transport.autoSnapshot = empty;
    connection.start();
    transport.last.started();
    await flush();
    transport.last.send(acquired(3, lockOn('src/a.ts', 1)));
    transport.autoSnapshot = null;
    transport.last.send({ type: 'stream.resync', id: 900, at: '2026-11-21T14:00:00.000Z', reason: 'events after 3 are no longer retained', resume_from: 900 });
    transport.last.send(acquired(901, lockOn('src/c.ts', 3)));
    transport.snapshots[0]?.resolve({ ...empty, locks: [lockOn('src/b.ts', 2)] });
    await flush();
    assert.deepEqual(state.locks.map((l) => l.path).sort(), ['src/b.ts', 'src/c.ts']);
    assert.equal(connection.lastEventId, 901);
    transport.last.drop();
    clock.advance(250);
    assert.equal(transport.last.lastEventId, 901);
  });

  it('a failing snapshot counts as a dropped connection', async () => {
    const { transport, connection } = setup();
    connection.start();
    const first = transport.last;
    first.started();
    transport.snapshots[0]?.reject(new Error('fetch failed'));
    await flush();
    assert.equal(connection.status.kind, 'reconnecting');
    assert.equal(first.closed, true, 'the subscription of the failed attempt is closed');
  });

  it('reconnect() skips the wait; stop() cancels the timer and closes the subscription', () => {
    const { transport, clock, connection } = setup();
    connection.start();
    transport.last.drop();
    connection.reconnect();
    assert.equal(transport.subscriptions.length, 2);
    connection.stop();
    assert.equal(transport.last.closed, true);
    clock.advance(60_000);
    assert.equal(transport.subscriptions.length, 2);
    assert.equal(connection.status.kind, 'stopped');
  });

  it('replaceTransport forgets the state and the resume position', async () => {
    const { transport, state, connection } = setup();
    transport.autoSnapshot = { ...empty, locks: [lockOn('src/a.ts', 1)] };
    connection.start();
    transport.last.started();
    await flush();
    transport.last.send(acquired(8, lockOn('src/b.ts', 2)));
    const other = new ScriptedTransport();
    const changes: string[][] = [];
    connection.onDidChangeState((c) => changes.push([...c.lockPaths]));
    connection.replaceTransport(other);
    assert.equal(state.locks.length, 0);
    assert.deepEqual(changes[0]?.sort(), ['src/a.ts', 'src/b.ts']);
    assert.equal(other.last.lastEventId, null);
  });
});
