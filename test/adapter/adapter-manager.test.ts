/**
 * The adapter manager with the built-in adapters registered: claude-code and openai are always listed;
 * openai without a base URL or key says "not configured" and touches no network; a malformed setting
 * names its variable; the first health reading is no event (a server start adds none), a later change is
 * one. Over a real coordinator (PGlite) too: the list shows the built-ins and start records no event.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdapterHealth } from '@agent-coordinator/shared';
import { AdapterManager } from '../../server/src/modules/adapter/adapter.manager.ts';
import type { AgentAdapter } from '../../server/src/modules/adapter/agent-adapter.ts';
import { claudeCodeConfigFromEnv } from '../../server/src/modules/adapter/claude-code/claude-code.config.ts';
import { createOpenAiAdapter } from '../../server/src/modules/adapter/openai/openai.adapter.ts';
import { openAiConfigFromEnv } from '../../server/src/modules/adapter/openai/openai.config.ts';
import { useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';

/** An adapter whose health the test sets: only to drive the manager's change detection. */
const switchableAdapter = (): AgentAdapter & { health_now: AdapterHealth } => {
  const adapter = {
    name: 'command:switchable',
    kind: 'other' as const,
    health_now: { installed: true, authenticated: 'unknown' as const, reason: 'found' } as AdapterHealth,
    health: async () => adapter.health_now,
    start: () => {
      throw new Error('not for runs');
    },
  };
  return adapter;
};

describe('adapter manager and the built-in adapters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ac-manager-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('openai without a base URL or key: not configured, no network call, runs refused', async () => {
    const adapter = createOpenAiAdapter({});
    const started = Date.now();
    const health = await adapter.health();
    assert.equal(health.installed, false);
    assert.match(health.reason, /not configured: set AC_OPENAI_BASE_URL/);
    assert.ok(Date.now() - started < 1_000, 'answered without a request');
    assert.throws(
      () => adapter.start({ runId: 'r1' } as never),
      (error: Error) => /adapter openai is not configured/.test(error.message),
    );
    const configured = await createOpenAiAdapter({ AC_OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }).health();
    assert.equal(configured.reachable, false, 'configured: it is probed');
  });

  it('a malformed setting names its variable', () => {
    assert.throws(() => openAiConfigFromEnv({ AC_OPENAI_MAX_TURNS: 'many' }), (error: Error & { code?: string }) => error.code === 'VALIDATION' && /AC_OPENAI_MAX_TURNS/.test(error.message));
    assert.throws(() => openAiConfigFromEnv({ AC_OPENAI_BASE_URL: 'not a url' }), /AC_OPENAI_BASE_URL: expected the API base URL/);
    assert.throws(() => claudeCodeConfigFromEnv({ AC_CLAUDE_PERMISSION_MODE: 'yolo' }), /AC_CLAUDE_PERMISSION_MODE: expected one of/);
  });

  it('the first health reading is no event; a change is one', async () => {
    const switchable = switchableAdapter();
    const changes: { adapter: string; health: AdapterHealth; previous: AdapterHealth }[] = [];
    const manager = new AdapterManager({
      context: { repoRoot: dir, dataDir: dir },
      file: {},
      healthIntervalMs: 60_000,
      builtIns: [() => switchable],
      onHealthChanged: async (adapter, health, previous) => {
        changes.push({ adapter, health, previous });
      },
      onError: (error) => assert.fail(String(error)),
    });
    const first = await manager.checkAdapters();
    assert.equal(first[0]?.health?.reason, 'found');
    assert.equal(changes.length, 0, 'the first reading is recorded, not announced');
    await manager.checkAdapters();
    assert.equal(changes.length, 0, 'the same reading again is no change');
    switchable.health_now = { installed: false, authenticated: 'unknown', reason: 'gone' };
    await manager.checkAdapters();
    assert.deepEqual(changes.map((c) => [c.adapter, c.previous.reason, c.health.reason]), [['command:switchable', 'found', 'gone']]);
    await manager.close();
  });

  describe('over a real coordinator', function () {
    const env = useCoordinator('pglite', { repoRoot: dir });

    it('lists claude-code and openai with their health, and its start recorded no health event', async () => {
      const c = env.client();
      const adapters = await c.check_adapters.mutate();
      const names = adapters.map((a) => a.name);
      assert.ok(names.includes('claude-code') && names.includes('openai'), names.join(', '));
      for (const adapter of adapters) assert.ok(adapter.health?.reason, `${adapter.name} has a health reason`);
      const events = await c.list_events.query({ after: 0, limit: 1000 });
      assert.equal(events.filter((e) => e.type === 'adapter.health_changed').length, 0);
      await rejectsWith(c.run_task.mutate({ task_id: 'T-999', adapter: 'no-such' }), 'NOT_FOUND', { field: 'adapter', message: /no adapter no-such; known: claude-code, openai/ });
    });
  });
});
