/**
 * A replica's local fan-out (server/src/events/ordered-delivery.ts), fed the way several replicas feed
 * it: its own events at once, the stream's late, repeated or out of order, the log when asked. Listeners
 * get every id once, in order; a gap is read from the log; a stretch the log no longer has is passed over.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { OrderedDelivery } from '../../server/src/events/ordered-delivery.ts';
import { until } from '../support/until.ts';

const event = (id: number, ageMs = 0): CoordinatorEvent => ({
  type: 'agent.status_changed',
  agent_id: '00000000-0000-4000-8000-000000000000',
  name: 'n',
  status: 'idle',
  reason: 'test',
  id,
  at: new Date(Date.now() - ageMs).toISOString(),
});

function setup(log: CoordinatorEvent[]) {
  const reads: number[] = [];
  const delivery = new OrderedDelivery({
    read: async (after, limit) => {
      reads.push(after);
      return log.filter((e) => e.id > after).slice(0, limit);
    },
    gapWaitMs: 20,
    onError: (error) => assert.fail(String(error)),
  });
  const seen: number[] = [];
  delivery.subscribe((e) => seen.push(e.id));
  return { delivery, seen, reads };
}

describe('ordered delivery of events on a replica', () => {
  it('delivers in id order once each, whatever order and repeats the feeds bring', async () => {
    const { delivery, seen, reads } = setup([]);
    delivery.offer([event(3), event(4)]); // before start: held
    delivery.start(2);
    delivery.offer([event(6), event(5), event(4), event(2), event(7), event(6)]);
    assert.deepEqual(seen, [3, 4, 5, 6, 7]);
    await sleep(40); // twice the gap wait: a window in which no read of the log may start
    assert.deepEqual(reads, [], 'no gap, no read of the log');
    delivery.close();
  });

  it('reads a gap from the log when the feeds do not close it in time', async () => {
    const log = [1, 2, 3, 4, 5].map((id) => event(id));
    const { delivery, seen, reads } = setup(log);
    delivery.start(1);
    delivery.offer([event(4), event(5)]);
    assert.deepEqual(seen, [], '2 and 3 are missing: held');
    await until('the gap read from the log', () => seen.length >= 4, 2_000);
    assert.deepEqual(seen, [2, 3, 4, 5]);
    assert.deepEqual(reads.slice(0, 1), [1]);
    delivery.close();
  });

  it('passes over a stretch the log no longer has, and drops what is already history', async () => {
    const log = [10, 11, 12].map((id) => event(id)); // 2..9 pruned
    const { delivery, seen } = setup(log);
    delivery.start(1);
    delivery.offer([event(11)]);
    await until('what the log still has', () => seen.length >= 3, 2_000);
    assert.deepEqual(seen, [10, 11, 12]);
    delivery.offer([event(5), event(12), event(13)]);
    assert.deepEqual(seen, [10, 11, 12, 13]);
    delivery.close();
  });

  it('reports how old the events were that only the log had (a stalled feed)', async () => {
    const log = [event(2, 5_000), event(3, 10)];
    const { delivery, seen } = setup(log);
    delivery.start(1);
    const staleMs = await delivery.catchUp();
    assert.deepEqual(seen, [2, 3]);
    assert.ok(staleMs >= 4_900, `oldest event only the log delivered: ${staleMs} ms`);
    assert.equal(await delivery.catchUp(), 0, 'nothing new');
    delivery.close();
  });
});
