/**
 * A lock waiter that hangs up its HTTP request (lock_files wait_seconds, the request aborted mid-wait)
 * leaves the queue, and the waiter behind it is granted: about the transport (the abort reaches the
 * procedure as its `signal`), so real tRPC clients against a real server. The rest of waiting for locks is
 * lock-wait.test.ts, in process.
 */
import assert from 'node:assert/strict';
import { useCoordinator, type Client } from '../support/coordinator.ts';
import { lockViolations, readAllEvents } from '../support/event-replay.ts';
import { until } from '../support/until.ts';

describe('a lock waiter hanging up on pglite', function () {
  const env = useCoordinator('pglite');
  let n = 0;
  /** Each agent with a client of its own, unbatched, so one waiting call holds back no other. */
  const agent = async (prefix: string): Promise<{ readonly id: string; readonly name: string; readonly c: Client }> => {
    const c = env.client({ batch: false });
    const a = await c.register_agent.mutate({ name: `${prefix}-${++n}` });
    return { id: a.agent_id, name: a.name, c };
  };
  const waiting = (): number => env.coordinator.server.coordinator.services.locks.waiting;
  const untilWaiting = (count: number): Promise<unknown> => until(`${count} lock waiters`, () => waiting() >= count);

  it('lets a waiter that hangs up leave the queue, and grants the one behind it', async () => {
    const path = 'hang-up/q.ts';
    const [holder, early, late] = [await agent('qh'), await agent('qe'), await agent('ql')];
    assert.equal((await holder.c.lock_files.mutate({ agent_id: holder.id, paths: [path] })).granted, true);
    const gone = new AbortController();
    const abandoned = early.c.lock_files.mutate({ agent_id: early.id, paths: [path], wait_seconds: 30 }, { signal: gone.signal });
    await untilWaiting(1);
    const behind = late.c.lock_files.mutate({ agent_id: late.id, paths: [path], wait_seconds: 30 });
    await untilWaiting(2);
    gone.abort();
    await assert.rejects(abandoned);
    await until('the hung-up waiter to leave the queue', () => waiting() <= 1, 5_000);
    assert.equal(waiting(), 1, 'the hung-up waiter left the queue');
    await holder.c.release_files.mutate({ agent_id: holder.id, paths: [path] });
    const got = await behind;
    assert.equal(got.granted, true, 'the waiter behind the one that hung up is granted');
    await late.c.release_files.mutate({ agent_id: late.id, paths: [path] });
  });

  it('never had two agents holding overlapping exclusive locks (the whole event log replayed)', async () => {
    const violations = lockViolations(await readAllEvents(env.client()));
    assert.deepEqual(violations, []);
  });
});
