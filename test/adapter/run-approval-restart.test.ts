/**
 * The start-up catch-up of held runs: two runs a `lock_paths` policy holds (`waiting_approval`) on a real
 * `serve` process; that server stops; their approvals are decided while no server acts on runs — the
 * coordinator is opened in this process on the same PGlite data folder with its run service already shut
 * down, as a server that decides and goes down before it acts would leave things; then `serve` starts
 * again on the same data. The approved run starts and finishes (task done, by the run's agent); the
 * rejected one ends `rejected` with the decision's note and its task is untouched.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import type { Run } from '@agent-coordinator/shared';
import { ConfigSchema } from '@agent-coordinator/server';
import { createCoordinator } from '../../server/src/coordinator.ts';
import { localActor } from '../../server/src/common/actor.ts';
import { connect, type Client } from '../support/coordinator.ts';
import { freePort } from '../support/free-port.ts';
import { useServeProcesses } from '../support/serve-process.ts';
import { until } from '../support/until.ts';
import { makeRepository } from './support/run-repository.ts';

const ended = (c: Client, id: string): Promise<Run> =>
  until(`run ${id} to end`, async () => {
    const run = await c.get_run.query({ run_id: id });
    return ['waiting_approval', 'starting', 'running'].includes(run.status) ? null : run;
  }, 60_000);

/** Decides approvals on the data folder while no server runs, with the run service stood down first. */
async function decideWhileDown(dataDir: string, repoRoot: string, decide: (c: Awaited<ReturnType<typeof createCoordinator>>) => Promise<void>): Promise<void> {
  const errors: unknown[] = [];
  const coordinator = await createCoordinator(ConfigSchema.parse({ port: 0, host: '127.0.0.1', dataDir, repoRoot }), (e) => errors.push(e));
  try {
    await coordinator.services.runs.close(); // this replica no longer acts on runs: it is going down
    await decide(coordinator);
  } finally {
    await coordinator.close();
  }
  assert.deepEqual(errors, []);
}

describe('held runs whose approvals were decided while no server listened', function () {
  this.timeout(240_000);
  const repo = makeRepository();
  const serves = useServeProcesses('ac-held-restart-');
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('are started (approved) or marked rejected when the server starts again on the same data', async () => {
    const dataDir = serves.dataDir('data');
    const port = await freePort();
    const first = await serves.start({ dataDir, port, env: { COORDINATOR_REPO_ROOT: repo } });
    await first.healthy();
    const a = connect(first.url);
    const human = (await a.client.register_agent.mutate({ name: 'approver', kind: 'human' })).agent_id;
    await a.client.declare_policy.mutate({ policy: { name: 'guard-held', kind: 'lock_paths', paths: ['src/held/**'] }, agent_id: human });
    const yes = await a.client.create_task.mutate({ title: 'Approved while down', files: ['src/held/yes.txt'] });
    const no = await a.client.create_task.mutate({ title: 'Rejected while down', files: ['src/held/no.txt'] });
    const approved = await a.client.run_task.mutate({ task_id: yes.key, adapter: 'command:edit' });
    const rejected = await a.client.run_task.mutate({ task_id: no.key, adapter: 'command:edit', agent_name: 'held-two' });
    assert.equal(approved.status, 'waiting_approval');
    assert.equal(rejected.status, 'waiting_approval');
    a.close();
    await first.stop();

    await decideWhileDown(dataDir, repo, async ({ services }) => {
      const decidedYes = await services.approvals.approveRequest(localActor, { approval_id: approved.approval_id ?? '', agent_id: human, note: 'go' });
      const decidedNo = await services.approvals.rejectRequest(localActor, { approval_id: rejected.approval_id ?? '', agent_id: human, note: 'not this one' });
      assert.equal(decidedYes.status, 'approved');
      assert.equal(decidedNo.status, 'rejected');
      // Nothing acted on them: both runs still wait, and the approval already claimed the task.
      assert.equal((await services.runs.getRun(localActor, { run_id: approved.id })).status, 'waiting_approval');
      assert.equal((await services.runs.getRun(localActor, { run_id: rejected.id })).status, 'waiting_approval');
      assert.equal((await services.tasks.getTask(localActor, { task_id: yes.key })).claimed_by, approved.agent_id);
    });

    const second = await serves.start({ dataDir, port, env: { COORDINATOR_REPO_ROOT: repo } });
    await second.healthy();
    const b = connect(second.url);
    try {
      const done = await ended(b.client, approved.id);
      assert.equal(done.status, 'succeeded', done.reason ?? '');
      const task = await b.client.get_task.query({ task_id: yes.key });
      assert.equal(task.status, 'done');
      assert.equal(task.claimed_by, approved.agent_id);

      const refused = await ended(b.client, rejected.id);
      assert.equal(refused.status, 'rejected');
      assert.match(refused.reason ?? '', /rejected by approver: not this one/);
      const untouched = await b.client.get_task.query({ task_id: no.key });
      assert.equal(untouched.status, 'open');
      assert.equal(untouched.claimed_by, null);
    } finally {
      b.close();
    }
  });
});
