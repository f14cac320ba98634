/** Building the Agents and Locks views. */
import assert from 'node:assert/strict';
import { buildAgentTree } from '../../../extension/src/common/agent-tree.ts';
import { buildLockTree } from '../../../extension/src/common/lock-tree.ts';
import { agent, iso, lock, T0, task, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const CAROL = uuid(3);

describe('extension agents and locks views', () => {
  it('lists online agents first with kind, current task, locks and heartbeat age', () => {
    const agents = [
      agent({ agent_id: CAROL, name: 'carol', kind: 'copilot', status: 'offline', last_heartbeat_at: iso(-3_600_000) }),
      agent({ agent_id: BOB, name: 'bob', kind: 'claude-code', status: 'busy', last_heartbeat_at: iso(-12_000) }),
      agent({ agent_id: ME, name: 'alice', kind: 'human', last_heartbeat_at: iso(-1_000) }),
    ];
    const tasks = [task({ task_id: uuid(10), key: 'T-7', status: 'in_progress', claimed_by: BOB })];
    const locks = [lock({ lock_id: uuid(20), path: 'src/a.ts', held_by_id: BOB, held_by: 'bob' })];
    const tree = buildAgentTree({ agents, tasks, locks, selfIds: new Set([ME]), now: T0 });
    assert.deepEqual(tree.map((n) => n.label), ['alice (you)', 'bob', 'carol']);
    assert.equal(tree[1]?.description, 'claude-code · online · T-7 · 1 lock · 12 s ago');
    assert.equal(tree[2]?.description, 'copilot · offline · 1 h ago');
    assert.deepEqual(tree[1]?.icon, { id: 'sparkle', color: 'charts.green' });
    assert.deepEqual(tree[1]?.children?.map((c) => c.label), ['T-7 Task T-7', 'src/a.ts']);
  });

  it("says an online agent was heard within its liveness window once our copy of its heartbeat is older", () => {
    // alice heartbeats every minute without locks, so no event tells us; the server would have said offline.
    const agents = [
      agent({ agent_id: ME, name: 'alice', last_heartbeat_at: iso(-12 * 60_000), expires_at: iso(-11 * 60_000) }),
      agent({ agent_id: CAROL, name: 'carol', status: 'offline', last_heartbeat_at: iso(-12 * 60_000), expires_at: iso(-11 * 60_000) }),
    ];
    const tree = buildAgentTree({ agents, tasks: [], locks: [], selfIds: new Set(), now: T0 });
    assert.equal(tree[0]?.description, 'other · online · heard within 60 s');
    assert.equal(tree[1]?.description, 'other · offline · 12 min ago');
  });

  it('groups locks by holder, you first, and marks which you can release', () => {
    const locks = [
      lock({ lock_id: uuid(20), path: 'src/b.ts', held_by_id: BOB, held_by: 'bob', task_key: 'T-2', expires_at: iso(5 * 60_000) }),
      lock({ lock_id: uuid(21), path: 'src/a.ts', held_by_id: ME, held_by: 'alice', mode: 'shared' }),
      lock({ lock_id: uuid(22), path: 'src/**', held_by_id: BOB, held_by: 'bob', mode: 'shared' }),
    ];
    const tree = buildLockTree({ locks, selfIds: new Set([ME]), now: T0 });
    assert.deepEqual(tree.map((n) => [n.label, n.description]), [
      ['alice (you)', '1 lock'],
      ['bob', '2 locks'],
    ]);
    assert.equal(tree[0]?.children?.[0]?.contextValue, 'lock ownLock');
    const bobs = tree[1]?.children ?? [];
    assert.deepEqual(bobs.map((n) => n.label), ['src/**', 'src/b.ts']);
    assert.equal(bobs[0]?.action, undefined, 'a glob opens nothing');
    assert.match(bobs[1]?.description ?? '', /^exclusive · T-2 · until \d\d:\d\d$/);
    assert.equal(bobs[1]?.contextValue, 'lock foreignLock');
  });
});
