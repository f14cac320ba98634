/**
 * A server killed (SIGKILL) during a run, then started again on the same data: the run is marked `lost`,
 * the agent's process group — still alive, since it is detached — is stopped (recognised by the run id in
 * its environment), and the task is released to the queue. Real `serve` processes, real PGlite data.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { connect } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { useServeProcesses } from '../support/serve-process.ts';
import { until } from '../support/until.ts';
import { groupMembers } from '../../server/src/modules/adapter/process-group.ts';
import { makeRepository } from './support/run-repository.ts';

describe('runs across a server restart', function () {
  this.timeout(240_000);
  const repo = makeRepository();
  const serves = useServeProcesses('ac-run-restart-');
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('a run whose server died is lost, its process group stopped and its task released', async () => {
    const dataDir = serves.dataDir('data');
    const port = await freePort();
    const first = await serves.start({ dataDir, port, env: { COORDINATOR_REPO_ROOT: repo } });
    await first.healthy();
    const a = connect(first.url);
    const task = await a.client.create_task.mutate({ title: 'Outlives its server', files: ['src/restart.txt'] });
    const run = await a.client.run_task.mutate({ task_id: task.key, adapter: 'command:slow' });
    const pid = run.pid ?? 0;
    await until('the agent to start', () => groupMembers(pid).length >= 2);
    a.close();
    first.child.kill('SIGKILL');
    await first.exited();
    assert.ok(groupMembers(pid).length >= 2, 'the detached agent outlived its server');

    const second = await serves.start({ dataDir, port, env: { COORDINATOR_REPO_ROOT: repo } });
    await second.healthy();
    const b = connect(second.url);
    const after = await b.client.get_run.query({ run_id: run.id });
    assert.equal(after.status, 'lost');
    assert.match(after.reason ?? '', /server watching this run stopped/);
    assert.equal(groupMembers(pid).length, 0, 'the orphaned agent was stopped');
    const released = await b.client.get_task.query({ task_id: task.key });
    assert.equal(released.status, 'open');
    assert.equal(released.claimed_by, null);
    b.close();
  });
});
