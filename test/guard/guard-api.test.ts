/**
 * The guard's procedures over the wire on both engines, without hooks: stale-base reports from
 * `lock_files` / `check_files` content hashes and reported writes, commit checks with and without the
 * committer's identity, and the repository identity bound on first use.
 */
import assert from 'node:assert/strict';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { waitForEvents } from '../support/event-replay.ts';

const hash = (c: string): string => c.repeat(64);
const ROOT = 'a'.repeat(40);

for (const engine of ENGINES) {
  describe(`guard procedures on ${engine}`, function () {
    this.timeout(60_000);
    const env = useCoordinator(engine);

    it('reports a file another agent changed after you locked it with its hash, and only then', async () => {
      const c = env.client();
      await c.register_agent.mutate({ name: 'reader' });
      await c.register_agent.mutate({ name: 'writer' });
      const locked = await c.lock_files.mutate({ agent_id: 'reader', paths: ['lib/x.ts'], ttl_seconds: 5, content_hashes: { 'lib/x.ts': hash('1'), 'lib/new.ts': null } });
      assert.equal(locked.granted, true);
      const unchanged = await c.check_files.query({ paths: ['lib/x.ts'], agent_id: 'reader', content_hashes: { 'lib/x.ts': hash('1') } });
      assert.equal(unchanged.files[0]?.changed_since_lock, undefined);
      await c.release_files.mutate({ agent_id: 'reader', paths: ['lib/x.ts'] });

      await c.report_write.mutate({ agent_id: 'writer', content_hashes: { 'lib/x.ts': hash('2'), 'lib/new.ts': hash('3') }, repository: { root_commit: ROOT } });
      const check = await c.check_files.query({ paths: ['lib/x.ts', 'lib/new.ts', 'lib/other.ts'], agent_id: 'reader', content_hashes: { 'lib/x.ts': hash('2'), 'lib/new.ts': hash('3') } });
      const [x, created, other] = check.files;
      assert.equal(x?.changed_since_lock?.written_by, 'writer');
      assert.equal(x?.changed_since_lock?.base_hash, hash('1'));
      assert.equal(x?.changed_since_lock?.current_hash, hash('2'));
      assert.equal(created?.changed_since_lock?.base_hash, null, 'absent when read, created since');
      assert.equal(other?.changed_since_lock, undefined);
      // The writer's own write is not news to it.
      const own = await c.check_files.query({ paths: ['lib/x.ts'], agent_id: 'writer', content_hashes: { 'lib/x.ts': hash('2') } });
      assert.equal(own.files[0]?.changed_since_lock, undefined);

      const write = await c.verify_write.mutate({ agent_id: 'reader', paths: ['lib/x.ts'], content_hashes: { 'lib/x.ts': hash('2') }, auto_lock: true });
      assert.deepEqual([write.allowed, write.files[0]?.verdict, write.locks.length], [false, 'changed_since_read', 0]);
      const retry = await c.verify_write.mutate({ agent_id: 'reader', paths: ['lib/x.ts'], content_hashes: { 'lib/x.ts': hash('2') }, auto_lock: true, lease_seconds: 30 });
      assert.deepEqual([retry.allowed, retry.files[0]?.verdict, retry.locks[0]?.path], [true, 'locked_for_you', 'lib/x.ts']);
    });

    it('checks commits against other agents\' exclusive locks, records bypasses and reported commits', async () => {
      const c = env.client();
      await c.register_agent.mutate({ name: 'owner' });
      await c.lock_files.mutate({ agent_id: 'owner', paths: ['app/**'] });
      await c.lock_files.mutate({ agent_id: 'owner', paths: ['shared.md'], mode: 'shared' });
      const paths = ['app/main.ts', 'shared.md', 'free.ts'];
      const anonymous = await c.check_commit.mutate({ hook: 'pre-commit', paths, repository: { root_commit: ROOT } });
      assert.deepEqual(anonymous.blocked.map((b) => [b.path, b.held_path, b.held_by]), [['app/main.ts', 'app/**', 'owner']]);
      assert.deepEqual((await c.check_commit.mutate({ hook: 'pre-push', paths, agent_id: 'owner' })).blocked, []);
      const bypass = await c.check_commit.mutate({ hook: 'pre-commit', paths, bypass: true, git_user: 'Pat' });
      assert.equal(bypass.bypassed, true);
      const report = await c.report_commit.mutate({ commit: 'b'.repeat(40), paths, git_user: 'Pat' });
      assert.equal(report.touched.length, 1);
      const events = await waitForEvents(c, (es) => es.some((e) => e.type === 'guard.bypassed') && es.some((e) => e.type === 'guard.commit_touched_locked'));
      const bypassed = events.find((e) => e.type === 'guard.bypassed');
      assert.ok(bypassed?.type === 'guard.bypassed' && bypassed.git_user === 'Pat' && bypassed.agent_id === null);
    });

    it('binds the coordinator to the first repository it hears of', async () => {
      const c = env.client();
      // Heard of first here or by an earlier test: either way ROOT is the repository it serves from now on.
      await c.check_commit.mutate({ hook: 'pre-commit', paths: ['x'], repository: { root_commit: ROOT } });
      await rejectsWith(c.check_commit.mutate({ hook: 'pre-commit', paths: ['x'], repository: { root_commit: 'c'.repeat(40) } }), 'CONFLICT', { field: 'repository', message: /serves another repository/ });
      await rejectsWith(c.verify_write.mutate({ agent_id: 'nobody-yet', paths: ['x'] }), 'NOT_FOUND', { message: /register_agent/ });
    });
  });
}
