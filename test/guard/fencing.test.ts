/**
 * Fencing tokens on both engines: a holder paused past its lease, whose file another agent then took,
 * can neither complete its task nor write under its old token; and at the expiry boundary, with the
 * holder's completion and the newcomer's grant racing, the event log never shows the newcomer granted
 * before a completion that was accepted.
 */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator, type Client } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { readAllEvents, waitForEvents } from '../support/event-replay.ts';

const LEASE_SECONDS = 5; // the shortest lease the contract allows
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Agent `holder` claims a task on `file`, then shortens the lease of its lock; returns the task and token. */
async function claimWithShortLease(client: Client, holder: string, file: string): Promise<{ taskId: string; token: number; expiresAt: number }> {
  const task = await client.create_task.mutate({ title: `work on ${file}`, files: [file], assignee: holder });
  const claim = await client.get_next_task.mutate({ agent_id: holder });
  assert.equal(claim.task?.task_id, task.task_id);
  const token = claim.locks[0]?.fencing_token ?? 0;
  const renewed = await client.lock_files.mutate({ agent_id: holder, paths: [file], task_id: task.task_id, ttl_seconds: LEASE_SECONDS });
  assert.equal(renewed.locks[0]?.fencing_token, token, 'renewing one\'s own lock keeps its token');
  return { taskId: task.task_id, token, expiresAt: Date.parse(renewed.locks[0]?.expires_at ?? '') };
}

for (const engine of ENGINES) {
  describe(`fencing tokens on ${engine}`, function () {
    this.timeout(60_000);
    const env = useCoordinator(engine);

    it('a holder paused past its lease cannot complete, update or write after another agent took the lock', async () => {
      const c = env.client();
      await c.register_agent.mutate({ name: 'slow' });
      await c.register_agent.mutate({ name: 'fast' });
      const { taskId, token, expiresAt } = await claimWithShortLease(c, 'slow', 'src/fenced.ts');

      // While the lease holds, writing under the token is allowed.
      const early = await c.verify_write.mutate({ agent_id: 'slow', paths: ['src/fenced.ts'], fencing_token: token });
      assert.equal(early.allowed, true);
      assert.deepEqual(early.files.map((f) => f.verdict), ['yours']);

      await sleep(expiresAt - Date.now() + 300); // the holder pauses past its lease: the expiry is the point
      const taken = await c.lock_files.mutate({ agent_id: 'fast', paths: ['src/fenced.ts'] });
      assert.equal(taken.granted, true);
      const newToken = taken.locks[0]?.fencing_token ?? 0;
      assert.ok(newToken > token, `the new grant's token ${newToken} is larger than ${token}`);

      const expired = /your lease on src\/fenced\.ts \(fencing token \d+\) expired at \d{4}-\d\d-\d\dT[\d:.]+Z, and fast holds it now \(token \d+\).*re-acquire/;
      await rejectsWith(c.complete_task.mutate({ task_id: taskId, agent_id: 'slow', fencing_token: token }), 'LOCK_HELD', { field: 'fencing_token', message: expired });
      await rejectsWith(c.update_task.mutate({ task_id: taskId, agent_id: 'slow', status: 'in_progress', fencing_token: token }), 'LOCK_HELD', { message: expired });
      assert.equal((await c.get_task.query({ task_id: taskId })).status, 'claimed', 'the refused changes changed nothing');

      const write = await c.verify_write.mutate({ agent_id: 'slow', paths: ['src/fenced.ts'], fencing_token: token });
      assert.equal(write.allowed, false);
      assert.deepEqual(write.files.map((f) => f.verdict), ['lease_lost']);
      assert.match(write.lease ?? '', expired);
      await rejectsWith(c.report_write.mutate({ agent_id: 'slow', content_hashes: { 'src/fenced.ts': 'a'.repeat(64) }, fencing_token: token }), 'LOCK_HELD');
      // Without a token the hook's view says the same: the file is someone else's now.
      const hook = await c.verify_write.mutate({ agent_id: 'slow', paths: ['src/fenced.ts'], auto_lock: true });
      assert.deepEqual(hook.files.map((f) => [f.verdict, f.conflicts[0]?.held_by]), [['held_by_other', 'fast']]);

      // A heartbeat does not bring the lapsed lease back; the new holder writes under its own token.
      await c.heartbeat.mutate({ agent_id: 'slow' });
      await rejectsWith(c.complete_task.mutate({ task_id: taskId, agent_id: 'slow', fencing_token: token }), 'LOCK_HELD');
      assert.equal((await c.verify_write.mutate({ agent_id: 'fast', paths: ['src/fenced.ts'], fencing_token: newToken })).allowed, true);
      const borrowed = await c.verify_write.mutate({ agent_id: 'fast', paths: ['src/fenced.ts'], fencing_token: token });
      assert.equal(borrowed.allowed, false);
      assert.match(borrowed.lease ?? '', /fencing token \d+ is not yours/);

      // Released rather than expired: the message says so.
      await c.release_files.mutate({ agent_id: 'fast', paths: ['src/fenced.ts'] });
      const released = await c.verify_write.mutate({ agent_id: 'fast', paths: ['src/fenced.ts'], fencing_token: newToken });
      assert.match(released.lease ?? '', /was released at/);
    });

    it('racing the expiry: a completion is accepted only if it committed before the newcomer was granted the file', async () => {
      const c = env.client({ batch: false });
      const pairs = 10;
      await c.register_agent.mutate({ name: 'holder' });
      await c.register_agent.mutate({ name: 'newcomer' });
      const leases = [];
      for (let i = 0; i < pairs; i++) leases.push(await claimWithShortLease(c, 'holder', `race/file${i}.ts`));
      const after = (await readAllEvents(c)).at(-1)?.id ?? 0;
      const expiry = Math.max(...leases.map((l) => l.expiresAt));
      await sleep(expiry - Date.now() - 150); // to just before the leases lapse: the race is with the expiry
      // Each pair fires at a different moment around the expiry, the two calls at once.
      const outcomes = await Promise.all(
        leases.map(async (lease, i) => {
          await sleep(i * 30); // staggered across the expiry
          const [complete, grant] = await Promise.allSettled([
            c.complete_task.mutate({ task_id: lease.taskId, agent_id: 'holder', fencing_token: lease.token }),
            c.lock_files.mutate({ agent_id: 'newcomer', paths: [`race/file${i}.ts`] }),
          ]);
          return { completed: complete.status === 'fulfilled', granted: grant.status === 'fulfilled' && grant.value.granted, refusal: complete.status === 'rejected' ? String(complete.reason) : '' };
        }),
      );
      for (const o of outcomes) if (!o.completed) assert.match(o.refusal, /your lease on race\/file\d+\.ts .* (expired|was released) at/);
      const completed = outcomes.filter((o) => o.completed).length;
      assert.ok(completed < pairs, 'the calls after the expiry were refused');
      const events = await waitForEvents(c, (es) => es.filter((e) => e.type === 'task.updated' && e.task.status === 'done').length >= completed, { after });
      for (const [i, lease] of leases.entries()) {
        const done = events.find((e) => e.type === 'task.updated' && e.task.task_id === lease.taskId && e.task.status === 'done');
        const granted = events.find((e) => e.type === 'lock.acquired' && e.locks.some((l) => l.path === `race/file${i}.ts` && l.held_by === 'newcomer'));
        assert.equal(Boolean(done), outcomes[i]?.completed, `pair ${i}: the completion event matches the answer`);
        if (done && granted) assert.ok(done.id < granted.id, `pair ${i}: completion ${done.id} accepted after the grant ${granted.id}`);
      }
    });
  });
}
