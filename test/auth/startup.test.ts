/**
 * Single-user local mode is for loopback only: bound to any other address without accounts the server
 * refuses to start and says why; with a first admin configured it starts with accounts on.
 */
import assert from 'node:assert/strict';
import { isLoopback } from '../../server/src/common/loopback.ts';
import { startTestCoordinator } from '../support/coordinator.ts';

describe('starting with or without accounts', function () {
  it('tells loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com']) assert.equal(isLoopback(host), false, host);
  });

  it('refuses a non-loopback bind without accounts, naming the setting that fixes it', async () => {
    await assert.rejects(startTestCoordinator('pglite', { host: '0.0.0.0' }), /refusing to listen on 0\.0\.0\.0 without accounts[\s\S]*COORDINATOR_ADMIN_PASSWORD/);
  });

  it('starts on a non-loopback address once a first admin is configured, and then needs a token', async () => {
    const coordinator = await startTestCoordinator('pglite', { host: '0.0.0.0', adminPassword: 'a long enough password' });
    assert.ok(coordinator);
    try {
      const response = await fetch(`http://127.0.0.1:${coordinator.server.port}/trpc/list_tasks`);
      assert.equal(response.status, 401);
      const body = (await response.json()) as { error: { message: string } };
      assert.match(body.error.message, /needs a token/);
    } finally {
      await coordinator.close();
    }
  });

  it('stays in single-user local mode on loopback without accounts', async () => {
    const coordinator = await startTestCoordinator('pglite');
    assert.ok(coordinator);
    try {
      const response = await fetch(`${coordinator.url}/trpc/whoami`);
      const body = (await response.json()) as { result: { data: { mode: string; project: string; role: string } } };
      assert.deepEqual([body.result.data.mode, body.result.data.project, body.result.data.role], ['local', 'local', 'admin']);
    } finally {
      await coordinator.close();
    }
  });
});
