/**
 * File lock rules: all-or-nothing, globs both ways, shared vs exclusive, leases, release, check. What the
 * router and services do, so called in process (createCaller): no server, no socket.
 */
import assert from 'node:assert/strict';
import { ENGINES } from '../support/coordinator.ts';
import { useInProcessCoordinator } from '../support/in-process-caller.ts';
import { callerRejectsWith } from '../support/errors.ts';
import { callerEvents, waitForEvents } from '../support/event-replay.ts';

for (const engine of ENGINES) {
  describe(`locks on ${engine}`, function () {
    const env = useInProcessCoordinator(engine);
    let n = 0;
    const agent = async (prefix: string) => env.caller().register_agent({ name: `${prefix}-${++n}` });
    let area = 0;
    /** A folder of its own per test, so tests do not see each other's locks. */
    const dir = (): string => `area${++area}`;

    it('grants all paths or none, and names every conflict with holder, task and expiry', async () => {
      const c = env.caller();
      const [a, b] = [await agent('a'), await agent('b')];
      const d = dir();
      const task = await c.create_task({ title: 'lock target' });
      const first = await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/x.ts`], task_id: task.key, reason: 'editing' });
      assert.equal(first.granted, true);
      assert.equal(first.locks[0]?.task_key, task.key);
      const second = await c.lock_files({ agent_id: b.agent_id, paths: [`${d}/free.ts`, `${d}/x.ts`] });
      assert.equal(second.granted, false);
      assert.deepEqual(second.locks, []);
      assert.deepEqual(
        second.conflicts.map((x) => [x.path, x.held_path, x.held_by, x.task_key]),
        [[`${d}/x.ts`, `${d}/x.ts`, a.name, task.key]],
      );
      assert.equal(second.conflicts[0]?.expires_at, first.locks[0]?.expires_at);
      const check = await c.check_files({ paths: [`${d}/free.ts`] });
      assert.equal(check.files[0]?.locked, false, 'nothing of a refused request is held');
    });

    it('decides overlap on globs both ways', async () => {
      const c = env.caller();
      const [a, b] = [await agent('glob-a'), await agent('glob-b')];
      const d = dir();
      assert.equal((await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/src/a.ts`] })).granted, true);
      const wide = await c.lock_files({ agent_id: b.agent_id, paths: [`${d}/src/**`] });
      assert.equal(wide.granted, false, 'src/** conflicts with src/a.ts');
      assert.equal((await c.lock_files({ agent_id: b.agent_id, paths: [`${d}/src/*.md`] })).granted, true, '*.md does not overlap a.ts');
      assert.equal((await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/src/{x,README}.md`] })).granted, false);
      assert.equal((await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/docs/**`] })).granted, true);
    });

    it('lets shared locks coexist and keeps exclusive ones out', async () => {
      const c = env.caller();
      const [a, b, e] = [await agent('sh-a'), await agent('sh-b'), await agent('sh-e')];
      const d = dir();
      assert.equal((await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/**`], mode: 'shared' })).granted, true);
      assert.equal((await c.lock_files({ agent_id: b.agent_id, paths: [`${d}/f.ts`], mode: 'shared' })).granted, true);
      const excl = await c.lock_files({ agent_id: e.agent_id, paths: [`${d}/f.ts`] });
      assert.equal(excl.granted, false);
      assert.equal(excl.conflicts.length, 2);
      const check = await c.check_files({ paths: [`${d}/f.ts`] });
      assert.equal(check.files[0]?.locks.length, 2);
    });

    it('re-locking your own path renews it instead of duplicating it', async () => {
      const c = env.caller();
      const a = await agent('renew');
      const d = dir();
      const first = await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/r.ts`], ttl_seconds: 30 });
      const again = await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/r.ts`], ttl_seconds: 600 });
      assert.equal(again.locks[0]?.lock_id, first.locks[0]?.lock_id);
      assert.ok(Date.parse(again.locks[0]?.expires_at ?? '') > Date.parse(first.locks[0]?.expires_at ?? ''));
      assert.equal((await c.list_locks({ agent_id: a.agent_id })).length, 1);
    });

    it('releases exactly the named paths and reports the ones not held', async () => {
      const c = env.caller();
      const a = await agent('rel');
      const d = dir();
      await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/1.ts`, `${d}/2.ts`] });
      const result = await c.release_files({ agent_id: a.agent_id, paths: [`${d}/1.ts`, `${d}/3.ts`] });
      assert.deepEqual(result, { released: [`${d}/1.ts`], not_held: [`${d}/3.ts`] });
      assert.deepEqual((await c.list_locks({ agent_id: a.agent_id })).map((l) => l.path), [`${d}/2.ts`]);
    });

    it('lets a lease expire: an expired lock is not held', async () => {
      const c = env.caller();
      const [a, b] = [await agent('lease-a'), await agent('lease-b')];
      const d = dir();
      await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/t.ts`], ttl_seconds: 5 });
      assert.equal((await c.lock_files({ agent_id: b.agent_id, paths: [`${d}/t.ts`] })).granted, false);
      await new Promise((r) => setTimeout(r, 5_500)); // the 5 s lease runs out: its expiry is what is tested
      assert.equal((await c.lock_files({ agent_id: b.agent_id, paths: [`${d}/t.ts`] })).granted, true);
    });

    it('renews every lease of an agent on heartbeat', async () => {
      const c = env.caller();
      const a = await agent('hb');
      const d = dir();
      const lock = await c.lock_files({ agent_id: a.agent_id, paths: [`${d}/h.ts`], ttl_seconds: 60 });
      await new Promise((r) => setTimeout(r, 50)); // time must pass for the renewed expiry to be later
      await c.heartbeat({ agent_id: a.agent_id });
      const [after] = await c.list_locks({ agent_id: a.agent_id });
      assert.ok(Date.parse(after?.expires_at ?? '') > Date.parse(lock.locks[0]?.expires_at ?? ''));
    });

    it('asks the holders to release, with an event per holder, and forces nothing', async () => {
      const c = env.caller();
      const [holder, asker] = [await agent('holder'), await agent('asker')];
      const d = dir();
      await c.lock_files({ agent_id: holder.agent_id, paths: [`${d}/**`] });
      const result = await c.request_release({ agent_id: asker.agent_id, paths: [`${d}/x.ts`, 'elsewhere.ts'], message: 'need x.ts for T-9' });
      assert.deepEqual(result.requested, [{ holder: holder.name, holder_id: holder.agent_id, paths: [`${d}/**`] }]);
      await waitForEvents(callerEvents(c), (all) =>
        all.some((e) => e.type === 'lock.release_requested' && e.holder_id === holder.agent_id && e.requested_by === asker.name && e.message === 'need x.ts for T-9'),
      );
      assert.equal((await c.check_files({ paths: [`${d}/x.ts`] })).files[0]?.held_by, holder.name, 'the lock is still held');
    });

    it('refuses absolute paths and escapes, naming the field', async () => {
      const c = env.caller();
      const a = await agent('bad');
      await callerRejectsWith(c.lock_files({ agent_id: a.agent_id, paths: ['/etc/passwd'] }), 'VALIDATION', { field: 'paths.0', message: /absolute/ });
      await callerRejectsWith(c.lock_files({ agent_id: a.agent_id, paths: ['src/../../x'] }), 'VALIDATION', { field: 'paths.0', message: /\.\./ });
      await callerRejectsWith(c.lock_files({ agent_id: a.agent_id, paths: [] }), 'VALIDATION', { field: 'paths' });
      await callerRejectsWith(c.lock_files({ agent_id: a.agent_id, paths: ['a.ts'], mode: 'forever' as never }), 'VALIDATION', { field: 'mode' });
      await callerRejectsWith(c.lock_files({ paths: ['a.ts'] }), 'VALIDATION', { field: 'agent_id', message: /register_agent/ });
    });
  });
}
