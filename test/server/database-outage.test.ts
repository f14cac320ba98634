/**
 * The database going away does not take the server down: calls during the outage are refused with
 * UNAVAILABLE (retry), /healthz says unavailable, and once the database is back the server serves again
 * with nothing lost. Uses a PostgreSQL server of its own, stopped as a crash would.
 */
import assert from 'node:assert/strict';
import { ConfigSchema, startServer, type RunningServer } from '@agent-coordinator/server';
import { provisionOwnCluster, type OwnCluster } from '../support/postgres.ts';
import { connect } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { until } from '../support/until.ts';

describe('database outage on postgresql', function () {
  this.timeout(120_000);
  let cluster: OwnCluster | null = null;
  let server: RunningServer | null = null;

  before(async function () {
    cluster = await provisionOwnCluster();
    if (!cluster) return this.skip();
    server = await startServer(ConfigSchema.parse({ port: 0, databaseUrl: cluster.url }), () => {});
  });
  after(async () => {
    await server?.close();
    await cluster?.drop();
  });

  it('refuses calls with UNAVAILABLE while the database is down and recovers after', async () => {
    if (!server || !cluster) throw new Error('not started');
    const { url } = server;
    const { client, close } = connect(url);
    try {
      const agent = await client.register_agent.mutate({ name: 'steady' });
      const task = await client.create_task.mutate({ title: 'before the outage', files: ['o.ts'] });

      await cluster.stop();
      await rejectsWith(client.create_task.mutate({ title: 'during the outage' }), 'UNAVAILABLE', { message: /retry/ });
      assert.equal((await fetch(`${server.url}/healthz`)).status, 503);

      await cluster.start();
      await until('healthy again once the database is back', async () => (await fetch(`${url}/healthz`)).status === 200);
      const claimed = await client.get_next_task.mutate({ agent_id: agent.agent_id });
      assert.equal(claimed.task?.task_id, task.task_id, 'the task created before the outage is still there');
      const tasks = await client.list_tasks.query({});
      assert.ok(!tasks.some((t) => t.title === 'during the outage'), 'the refused call changed nothing');
    } finally {
      close();
    }
  });
});
