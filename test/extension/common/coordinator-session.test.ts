/**
 * The extension's session against a real coordinator (embedded PGlite, in this process): the human is
 * registered as kind human, other agents' locks arrive over the WebSocket subscription, a server restart
 * is survived by resuming after the last event id, and the language-model tools run end to end.
 */
import assert from 'node:assert/strict';
import { CoordinatorSession } from '../../../extension/src/common/coordinator-session.ts';
import { createEventTransport, type CoordinatorApi, type Endpoint } from '../../../extension/src/common/coordinator-api.ts';
import type { EventTransport } from '../../../extension/src/common/live-connection.ts';
import { runLmTool, toolErrorText } from '../../../extension/src/common/lm-tools.ts';
import { useCoordinator } from '../../support/coordinator.ts';
import { until } from '../../support/until.ts';

describe('extension session against a real coordinator', function () {
  const env = useCoordinator('pglite');
  let session: CoordinatorSession | undefined;
  const subscribedFrom: (number | null)[] = [];
  let snapshots = 0;

  before(function () {
    const createTransport = (endpoint: Endpoint, api: CoordinatorApi): EventTransport => {
      const inner = createEventTransport(endpoint, api);
      return {
        subscribe: (lastEventId, handlers) => {
          subscribedFrom.push(lastEventId);
          return inner.subscribe(lastEventId, handlers);
        },
        loadSnapshot: () => {
          snapshots++;
          return inner.loadSnapshot();
        },
      };
    };
    session = new CoordinatorSession({ endpoint: { url: env.url }, userName: 'ada' }, { createTransport });
    session.start();
  });
  const live = (): CoordinatorSession => {
    if (!session) throw new Error('no session');
    return session;
  };
  after(() => session?.dispose());

  it('connects and registers the human as kind human', async () => {
    await until('connected', () => live().connection.status.kind === 'connected');
    const me = await until('registered', () => live().me);
    assert.equal(me.kind, 'human');
    await until('the human in the state', () => live().state.agent(me.agent_id));
  });

  it("sees another agent's lock and its release over the subscription", async () => {
    const other = env.client();
    const bob = await other.register_agent.mutate({ name: 'bob', kind: 'claude-code' });
    const started = performance.now();
    await other.lock_files.mutate({ paths: ['src/a.ts'], agent_id: bob.agent_id });
    await until('the lock', () => live().state.locks.find((l) => l.path === 'src/a.ts' && l.held_by === 'bob'));
    const latency = performance.now() - started;
    assert.ok(latency < 1000, `lock arrived after ${latency.toFixed(0)} ms`);
    await other.release_files.mutate({ paths: ['src/a.ts'], agent_id: bob.agent_id });
    await until('the release', () => !live().state.locks.some((l) => l.path === 'src/a.ts'));
  });

  it('survives a server restart by resuming after the last event id', async function () {
    this.timeout(60_000);
    const lastBefore = live().connection.lastEventId;
    assert.ok(lastBefore !== null);
    const snapshotsBefore = snapshots;
    await env.coordinator.restart();
    await until('reconnected', () => live().connection.status.kind === 'connected' && subscribedFrom.length > 1, 20_000);
    assert.equal(subscribedFrom.at(-1), lastBefore, 'resubscribed after the last applied event');
    assert.equal(snapshots, snapshotsBefore, 'no snapshot reload was needed');
    const other = env.client();
    const bob = await other.register_agent.mutate({ name: 'bob', kind: 'claude-code' });
    await other.lock_files.mutate({ paths: ['src/after-restart.ts'], agent_id: bob.agent_id });
    await until('the lock after the restart', () => live().state.locks.find((l) => l.path === 'src/after-restart.ts'));
  });

  it('runs the language-model tools as a copilot agent, with texts for the model', async () => {
    const copilot = await live().ensureAgent('ada (Copilot)', 'copilot');
    assert.equal(copilot.kind, 'copilot');
    const other = env.client();
    await other.create_task.mutate({ title: 'Write the parser', files: ['src/parser.ts'], priority: 'critical' });
    const claimed = await runLmTool(live().api, copilot.agent_id, 'get_next_task', {});
    assert.match(claimed, /^Claimed T-\d+ "Write the parser"/);
    assert.match(claimed, /Locked for you: src\/parser\.ts/);
    const key = /Claimed (T-\d+)/.exec(claimed)?.[1] ?? '';
    assert.match(await runLmTool(live().api, copilot.agent_id, 'check_files', { paths: ['src/parser.ts', 'src/free.ts'] }), /src\/parser\.ts: held by ada \(Copilot\).*\nsrc\/free\.ts: free/);
    assert.match(await runLmTool(live().api, copilot.agent_id, 'lock_files', { paths: ['src/after-restart.ts'] }), /^Not granted .*held by bob/);
    assert.match(await runLmTool(live().api, copilot.agent_id, 'lock_files', { paths: ['src/extra.ts'] }), /^Locked src\/extra\.ts/);
    assert.match(await runLmTool(live().api, copilot.agent_id, 'release_files', { paths: ['src/extra.ts', 'src/never.ts'] }), /Released src\/extra\.ts\. You did not hold src\/never\.ts/);
    assert.match(await runLmTool(live().api, copilot.agent_id, 'complete_task', { task_id: key, summary: 'done' }), new RegExp(`^${key} is done`));
    const error = await runLmTool(live().api, copilot.agent_id, 'complete_task', { task_id: 'T-999999' }).catch((e: unknown) => toolErrorText(e, env.url));
    assert.match(error, /^NOT_FOUND: .*T-999999/);
  });
});
