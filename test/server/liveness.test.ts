/**
 * A dead agent's work is released: an agent process killed with SIGKILL goes offline after the liveness
 * timeout, its locks are released and its task returns to the queue, each with an event — while a live
 * agent that keeps sending heartbeats keeps its work.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ENGINES, useCoordinator } from '../support/coordinator.ts';
import { waitForEvents } from '../support/event-replay.ts';
import { until } from '../support/until.ts';

const AGENT_PROCESS = fileURLToPath(new URL('./fixtures/agent-process.ts', import.meta.url));

async function startAgentProcess(url: string, name: string) {
  const child = spawn(process.execPath, [AGENT_PROCESS, url, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return { child, claimed: JSON.parse(line.toString()) as { agent_id: string; task_id: string | null; locks: string[] } };
}

for (const engine of ENGINES) {
  describe(`liveness on ${engine}`, function () {
    this.timeout(60_000);
    const env = useCoordinator(engine, { livenessTimeoutSeconds: 2 });

    it("releases a killed agent's locks and task after its timeout, keeps a live agent's", async () => {
      const c = env.client();
      const doomedTask = await c.create_task.mutate({ title: 'doomed', priority: 'critical', files: ['dead/a.ts', 'dead/b/**'] });
      const keptTask = await c.create_task.mutate({ title: 'kept', priority: 'high', files: ['alive/a.ts'] });
      const doomed = await startAgentProcess(env.url, 'doomed');
      const survivor = await startAgentProcess(env.url, 'survivor');
      try {
        assert.equal(doomed.claimed.task_id, doomedTask.task_id);
        assert.equal(survivor.claimed.task_id, keptTask.task_id);
        const seen = await c.list_events.query({});
        const after = seen.at(-1)?.id ?? 0;

        doomed.child.kill('SIGKILL');
        const board = await until('the killed agent marked offline', async () => {
          const current = await c.get_task_board.query();
          return current.agents.find((a) => a.name === 'doomed')?.status === 'offline' ? current : null;
        });
        const dead = board.agents.find((a) => a.name === 'doomed');
        assert.equal(dead?.status, 'offline');
        assert.deepEqual(dead?.locks, []);
        assert.equal((await c.get_task.query({ task_id: doomedTask.key })).status, 'open');
        assert.equal((await c.check_files.query({ paths: ['dead/b/c.ts'] })).files[0]?.locked, false);

        const live = board.agents.find((a) => a.name === 'survivor');
        assert.equal(live?.status, 'busy');
        assert.deepEqual(live?.locks, ['alive/a.ts']);
        assert.equal((await c.get_task.query({ task_id: keptTask.key })).status, 'claimed');

        const events = await waitForEvents(c, (all) => all.some((e) => e.type === 'task.released'), { after });
        assert.ok(events.some((e) => e.type === 'agent.status_changed' && e.status === 'offline' && e.name === 'doomed'));
        const released = events.find((e) => e.type === 'lock.released');
        assert.ok(released?.type === 'lock.released' && released.reason === 'agent_offline');
        assert.deepEqual(released.locks.map((l) => l.path).sort(), ['dead/a.ts', 'dead/b/**']);
        const requeued = events.find((e) => e.type === 'task.released');
        assert.ok(requeued?.type === 'task.released' && requeued.task.task_id === doomedTask.task_id);

        // The freed task is claimable again by someone else.
        const heir = await c.register_agent.mutate({ name: 'heir' });
        assert.equal((await c.get_next_task.mutate({ agent_id: heir.agent_id })).task?.task_id, doomedTask.task_id);
      } finally {
        doomed.child.kill('SIGKILL');
        survivor.child.kill('SIGKILL');
      }
    });

    it('an agent that returns after going offline is idle again, with an event', async () => {
      const c = env.client();
      const a = await c.register_agent.mutate({ name: 'napper' });
      // Offline once the 2 s timeout has passed and the sweeper has looked: waited for, not slept through.
      await until('the agent to go offline', async () => (await c.get_agent.query({ agent_id: a.agent_id })).status === 'offline', 10_000);
      const beat = await c.heartbeat.mutate({ agent_id: a.agent_id });
      assert.equal(beat.status, 'idle');
      await waitForEvents(c, (all) => all.some((e) => e.type === 'agent.status_changed' && e.agent_id === a.agent_id && e.status === 'idle'));
    });
  });
}
