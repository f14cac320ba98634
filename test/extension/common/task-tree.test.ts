/** Building the Tasks view: grouping by mission and status, priority icons, who, files, context flags. */
import assert from 'node:assert/strict';
import { buildTaskTree, taskFlags } from '../../../extension/src/common/task-tree.ts';
import { walk } from '../../../extension/src/common/view-node.ts';
import { agent, lock, mission, task, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const agents = [agent({ agent_id: ME, name: 'alice', kind: 'human' }), agent({ agent_id: BOB, name: 'bob', kind: 'claude-code' })];
const self = new Set([ME]);

describe('extension task tree', () => {
  it('groups by status in working order, highest priority first, with counts', () => {
    const tasks = [
      task({ task_id: uuid(10), key: 'T-1', status: 'open', priority: 'low' }),
      task({ task_id: uuid(11), key: 'T-2', status: 'open', priority: 'critical' }),
      task({ task_id: uuid(12), key: 'T-3', status: 'in_progress', claimed_by: BOB }),
      task({ task_id: uuid(13), key: 'T-4', status: 'done', claimed_by: ME }),
    ];
    const tree = buildTaskTree({ tasks, agents, locks: [], selfIds: self });
    assert.deepEqual(tree.map((g) => [g.label, g.description, g.expanded]), [
      ['In progress', '1', true],
      ['Open', '2', true],
      ['Done', '1', false],
    ]);
    const open = tree[1]?.children ?? [];
    assert.deepEqual(open.map((n) => n.label), ['T-2 Task T-2', 'T-1 Task T-1']);
    assert.deepEqual(open.map((n) => n.icon?.id), ['flame', 'arrow-down']);
    assert.equal(tree[0]?.children?.[0]?.description, 'bob');
    assert.equal(tree[2]?.children?.[0]?.description, 'you');
  });

  it('puts missions on top when tasks belong to missions, by name (the id only until the mission is loaded)', () => {
    const m = uuid(50);
    const n = uuid(51);
    const tasks = [
      task({ task_id: uuid(10), key: 'T-1', mission_id: m, status: 'claimed', claimed_by: BOB }),
      task({ task_id: uuid(11), key: 'T-2', status: 'in_progress', claimed_by: BOB }),
      task({ task_id: uuid(12), key: 'T-3', mission_id: n, status: 'in_progress', claimed_by: BOB }),
      task({ task_id: uuid(13), key: 'T-4', mission_id: n }),
    ];
    const tree = buildTaskTree({ tasks, agents, locks: [], selfIds: self });
    assert.deepEqual(tree.map((x) => x.label), [`Mission ${m.slice(0, 8)}`, `Mission ${n.slice(0, 8)}`, 'No mission']);
    assert.equal(tree[0]?.children?.[0]?.label, 'Claimed');
    const missions = new Map([
      [m, mission({ mission_id: m, name: 'Zebra rewrite', status: 'paused' })],
      [n, mission({ mission_id: n, name: 'Checkout v2' })],
    ]);
    const named = buildTaskTree({ tasks, agents, locks: [], selfIds: self, missions });
    assert.deepEqual(named.map((x) => [x.label, x.description]), [
      ['Checkout v2', '1 active (claimed or in progress) · 2 total'],
      ['Zebra rewrite', 'paused · 1 active (claimed or in progress) · 1 total'],
      ['No mission', '1 active (claimed or in progress) · 1 total'],
    ]);
    assert.equal(named[0]?.ref?.missionId, n);
    const ids = [...walk(tree)].map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  });

  it('shows the files as children that open the file, with their holder', () => {
    const t = task({ task_id: uuid(10), key: 'T-1', status: 'claimed', claimed_by: BOB, files: ['src/a.ts', 'docs/**'] });
    const l = lock({ lock_id: uuid(30), path: 'src/a.ts', held_by_id: BOB, held_by: 'bob', task_key: 'T-1' });
    const tree = buildTaskTree({ tasks: [t], agents, locks: [l], selfIds: self });
    const files = tree[0]?.children?.[0]?.children ?? [];
    assert.deepEqual(files.map((f) => [f.label, f.description, f.action?.kind, f.icon?.id]), [
      ['src/a.ts', 'locked by bob', 'openFile', 'lock'],
      ['docs/**', undefined, undefined, 'files'],
    ]);
    assert.equal(tree[0]?.children?.[0]?.description, 'claimed by bob');
  });

  it('describes an inbox task by its assignee', () => {
    const t = task({ task_id: uuid(10), key: 'T-1', assignee: ME });
    assert.equal(buildTaskTree({ tasks: [t], agents, locks: [], selfIds: self })[0]?.children?.[0]?.description, 'for you');
  });

  it('offers the lifecycle actions that apply', () => {
    const flags = (over: Parameters<typeof task>[0]) => taskFlags(task(over), self).split(' ');
    assert.ok(flags({ task_id: uuid(), key: 'T-1', status: 'open' }).includes('claimable'));
    const claimedMine = flags({ task_id: uuid(), key: 'T-2', status: 'claimed', claimed_by: ME });
    assert.ok(['startable', 'completable', 'releasable', 'cancellable', 'mine'].every((f) => claimedMine.includes(f)));
    const othersWork = flags({ task_id: uuid(), key: 'T-3', status: 'in_progress', claimed_by: BOB });
    assert.ok(!othersWork.includes('completable') && !othersWork.includes('startable') && othersWork.includes('cancellable'));
    assert.ok(!flags({ task_id: uuid(), key: 'T-4', status: 'done', claimed_by: ME }).includes('cancellable'));
  });

  it('counts only claimed and in-progress tasks as active; open ones are not', () => {
    const m = uuid(50);
    const tasks = [task({ task_id: uuid(10), key: 'T-1', mission_id: m }), task({ task_id: uuid(11), key: 'T-2', mission_id: m, status: 'done' })];
    const tree = buildTaskTree({ tasks, agents, locks: [], selfIds: self });
    assert.equal(tree[0]?.description, '0 active (claimed or in progress) · 2 total');
    assert.equal(tree[0]?.expanded, true, 'a mission with open work stays expanded');
  });

  it('marks a task with unfinished dependencies as blocked by key, without the Claim action', () => {
    const tasks = [
      task({ task_id: uuid(10), key: 'T-3', status: 'in_progress', claimed_by: BOB }),
      task({ task_id: uuid(11), key: 'T-5' }),
      task({ task_id: uuid(12), key: 'T-6', status: 'done' }),
      task({ task_id: uuid(13), key: 'T-7', depends_on: [uuid(10), uuid(11), uuid(12)] }),
      task({ task_id: uuid(14), key: 'T-8', depends_on: [uuid(12)] }),
    ];
    const open = buildTaskTree({ tasks, agents, locks: [], selfIds: self }).find((g) => g.label === 'Open')?.children ?? [];
    const blocked = open.find((n) => n.label.startsWith('T-7'));
    assert.equal(blocked?.description, 'blocked by T-3, T-5');
    assert.equal(blocked?.icon?.id, 'circle-slash');
    assert.match(blocked?.tooltip ?? '', /blocked by T-3, T-5/);
    const flags = blocked?.contextValue?.split(' ') ?? [];
    assert.ok(flags.includes('blocked') && !flags.includes('claimable'), blocked?.contextValue);
    const ready = open.find((n) => n.label.startsWith('T-8'));
    assert.ok(ready?.contextValue?.split(' ').includes('claimable'), 'a task whose dependencies are done is claimable');
    assert.equal(ready?.description, '');
  });

  it('filters by words in the key, title, files, status or claimer, keeping blockers from all tasks', () => {
    const tasks = [
      task({ task_id: uuid(10), key: 'T-3', title: 'Price cache', status: 'in_progress', claimed_by: BOB, files: ['src/cache.ts'] }),
      task({ task_id: uuid(11), key: 'T-7', title: 'Checkout page', depends_on: [uuid(10)] }),
    ];
    const labels = (filter: string) => [...walk(buildTaskTree({ tasks, agents, locks: [], selfIds: self, filter }))].filter((n) => n.ref?.taskId && !n.ref.path).map((n) => n.label);
    assert.deepEqual(labels('checkout'), ['T-7 Checkout page']);
    assert.deepEqual(labels('bob cache.ts'), ['T-3 Price cache']);
    assert.deepEqual(labels('in progress'), ['T-3 Price cache']);
    assert.deepEqual(labels('t-7'), ['T-7 Checkout page']);
    assert.deepEqual(labels('nothing like this'), []);
    assert.deepEqual(labels('  '), ['T-3 Price cache', 'T-7 Checkout page']);
    const blocked = [...walk(buildTaskTree({ tasks, agents, locks: [], selfIds: self, filter: 'checkout' }))].find((n) => n.label.startsWith('T-7'));
    assert.equal(blocked?.description, 'blocked by T-3', 'a hidden blocker still blocks');
  });

  it('is empty without tasks', () => {
    assert.deepEqual(buildTaskTree({ tasks: [], agents, locks: [], selfIds: self }), []);
  });
});
