/**
 * Waiting for a lock (lock_files wait_seconds), agents racing through the router in process
 * (createCaller): a release hands the path to the waiter within 200 ms, waiters are granted in arrival
 * order, a timeout names the holder, a dead holder's lapsed lease grants the waiter, a later request never
 * jumps the queue, and the event log never shows two exclusive holders. Also check_files
 * notify_when_free: the asker gets a lock.free event when the path is free. A waiter that hangs up its
 * HTTP request is about the transport: lock-wait-hang-up.test.ts, on a real server.
 */
import assert from 'node:assert/strict';
import type { LockFilesResult } from '@agent-coordinator/shared';
import { useInProcessCoordinator, type Caller } from '../support/in-process-caller.ts';
import { callerRejectsWith } from '../support/errors.ts';
import { callerEvents, lockViolations, readAllEvents, waitForEvents } from '../support/event-replay.ts';
import { until } from '../support/until.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('waiting for locks on pglite', function () {
  const env = useInProcessCoordinator('pglite');
  let n = 0;
  /** Each agent with a caller of its own; in process, one waiting call holds back no other. */
  const agent = async (prefix: string): Promise<{ readonly id: string; readonly name: string; readonly c: Caller }> => {
    const c = env.caller();
    const a = await c.register_agent({ name: `${prefix}-${++n}` });
    return { id: a.agent_id, name: a.name, c };
  };
  let area = 0;
  const dir = (): string => `wait${++area}`;
  const waiting = (): number => env.coordinator.services.locks.waiting;
  const untilWaiting = (count: number): Promise<unknown> => until(`${count} lock waiters`, () => waiting() >= count);

  it('grants a waiter within 200 ms of the release (median of 7 hand-offs)', async () => {
    const [a, b] = [await agent('hold'), await agent('wait')];
    const latencies: number[] = [];
    for (let i = 0; i < 7; i++) {
      const path = `${dir()}/x.ts`;
      assert.equal((await a.c.lock_files({ agent_id: a.id, paths: [path] })).granted, true);
      let grantedAt = 0;
      const waiter = b.c.lock_files({ agent_id: b.id, paths: [path], wait_seconds: 30 }).then((r) => {
        grantedAt = performance.now();
        return r;
      });
      await untilWaiting(1);
      await a.c.release_files({ agent_id: a.id, paths: [path] });
      const releasedAt = performance.now();
      const result = await waiter;
      assert.equal(result.granted, true);
      assert.ok((result.waited_ms ?? -1) >= 0);
      latencies.push(grantedAt - releasedAt);
      await b.c.release_files({ agent_id: b.id, paths: [path] });
    }
    latencies.sort((x, y) => x - y);
    const median = latencies[3] ?? Infinity;
    assert.ok(median < 200, `median release→grant ${median.toFixed(1)} ms (all: ${latencies.map((l) => l.toFixed(0)).join(', ')})`);
  });

  it('grants three waiters in arrival order, never two holders at once', async () => {
    const path = `${dir()}/shared.ts`;
    const holder = await agent('h');
    const waiters = [await agent('w1'), await agent('w2'), await agent('w3')];
    assert.equal((await holder.c.lock_files({ agent_id: holder.id, paths: [path] })).granted, true);
    const order: string[] = [];
    const runs: Promise<void>[] = [];
    for (const [i, w] of waiters.entries()) {
      runs.push(
        w.c.lock_files({ agent_id: w.id, paths: [path], wait_seconds: 30 }).then(async (r) => {
          assert.equal(r.granted, true, `${w.name} granted`);
          order.push(w.name);
          const check = await w.c.check_files({ paths: [path] });
          assert.deepEqual(check.files[0]?.locks.map((l) => l.held_by), [w.name], 'the only holder');
          await sleep(30); // holds it a moment, as an agent at work would, before handing it on
          await w.c.release_files({ agent_id: w.id, paths: [path] });
        }),
      );
      await untilWaiting(i + 1); // arrival order is the order they joined the queue
    }
    await holder.c.release_files({ agent_id: holder.id, paths: [path] });
    await Promise.all(runs);
    assert.deepEqual(order, waiters.map((w) => w.name));
  });

  it('does not let a later request jump the queue', async () => {
    const path = `${dir()}/q.ts`;
    const [holder, early, late] = [await agent('qh'), await agent('qe'), await agent('ql')];
    assert.equal((await holder.c.lock_files({ agent_id: holder.id, paths: [path] })).granted, true);
    const earlyCall = early.c.lock_files({ agent_id: early.id, paths: [path], wait_seconds: 30 });
    await untilWaiting(1);
    const lateCall = late.c.lock_files({ agent_id: late.id, paths: [path], wait_seconds: 30 });
    await untilWaiting(2);
    await holder.c.release_files({ agent_id: holder.id, paths: [path] });
    // The path is free, but the early waiter is first: a plain request is refused, naming it as queued.
    const jump = await holder.c.lock_files({ agent_id: holder.id, paths: [path] });
    if (!jump.granted) assert.ok(jump.conflicts.some((c) => c.queued === true || c.held_by === early.name), JSON.stringify(jump.conflicts));
    else assert.fail('a later request was granted ahead of the queue');
    const first = await earlyCall;
    assert.equal(first.granted, true);
    await early.c.release_files({ agent_id: early.id, paths: [path] });
    assert.equal((await lateCall).granted, true);
    await late.c.release_files({ agent_id: late.id, paths: [path] });
  });

  it('times out with the holder named, and the waited time', async () => {
    const path = `${dir()}/t.ts`;
    const [holder, w] = [await agent('th'), await agent('tw')];
    await holder.c.lock_files({ agent_id: holder.id, paths: [path] });
    const started = Date.now();
    const result: LockFilesResult = await w.c.lock_files({ agent_id: w.id, paths: [path], wait_seconds: 1 });
    assert.equal(result.granted, false);
    assert.equal(result.conflicts[0]?.held_by, holder.name);
    assert.ok((result.waited_ms ?? 0) >= 950 && Date.now() - started < 5_000, `waited ${result.waited_ms} ms`);
    assert.equal(waiting(), 0);
  });

  it("grants the waiter when a dead holder's lease lapses", async () => {
    const path = `${dir()}/lapse.ts`;
    const [dead, w] = [await agent('dead'), await agent('lw')];
    const held = await dead.c.lock_files({ agent_id: dead.id, paths: [path], ttl_seconds: 5 });
    const lapse = Date.parse(held.locks[0]?.expires_at ?? '');
    const result = await w.c.lock_files({ agent_id: w.id, paths: [path], wait_seconds: 20 });
    assert.equal(result.granted, true);
    assert.ok(Date.now() - lapse < 1_500, `granted ${Date.now() - lapse} ms after the lease lapsed`);
    await w.c.release_files({ agent_id: w.id, paths: [path] });
  });

  it('refuses wait_seconds out of range, naming the field', async () => {
    const w = await agent('bad');
    await callerRejectsWith(w.c.lock_files({ agent_id: w.id, paths: ['x.ts'], wait_seconds: 301 }), 'VALIDATION', { field: 'wait_seconds' });
    await callerRejectsWith(w.c.lock_files({ agent_id: w.id, paths: ['x.ts'], wait_seconds: 1.5 }), 'VALIDATION', { field: 'wait_seconds' });
  });

  it('tells an agent that asked (check_files notify_when_free) when the path is free, once', async () => {
    const path = `${dir()}/n.ts`;
    const [holder, asker] = [await agent('nh'), await agent('na')];
    await holder.c.lock_files({ agent_id: holder.id, paths: [path] });
    const [last] = (await readAllEvents(callerEvents(asker.c))).slice(-1);
    const check = await asker.c.check_files({ agent_id: asker.id, paths: [path, `${dir()}/free.ts`], notify_when_free: true });
    assert.deepEqual(check.notify_when_free, [path], 'only the locked path is recorded');
    await holder.c.release_files({ agent_id: holder.id, paths: [path] });
    const events = await waitForEvents(callerEvents(asker.c), (es) => es.some((e) => e.type === 'lock.free'), { after: last?.id ?? 0 });
    const free = events.filter((e) => e.type === 'lock.free');
    assert.equal(free.length, 1);
    assert.deepEqual(free[0], { ...free[0], agent_id: asker.id, paths: [path] });
  });

  it('never had two agents holding overlapping exclusive locks (the whole event log replayed)', async () => {
    const violations = lockViolations(await readAllEvents(callerEvents(env.caller())));
    assert.deepEqual(violations, []);
  });
});
