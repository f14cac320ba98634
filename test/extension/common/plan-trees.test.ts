/** The Missions, Traceability and Approvals views as data. */
import assert from 'node:assert/strict';
import type { AuditEntry, PolicyList } from '@agent-coordinator/shared';
import { buildApprovalTree, describePolicy } from '../../../extension/src/common/approval-tree.ts';
import { buildCoverageTree } from '../../../extension/src/common/coverage-tree.ts';
import { buildMissionTree, progressText } from '../../../extension/src/common/mission-tree.ts';
import { walk } from '../../../extension/src/common/view-node.ts';
import { approval, coverageReport, iso, mission, sprint, T0, task, uuid } from '../../support/wire-fixtures.ts';

const ME = uuid(1);
const BOB = uuid(2);
const M1 = uuid(100);
const M2 = uuid(101);
const S1 = uuid(120);

describe('extension plan trees', () => {
  it('Missions: active missions first with progress, people and tasks; sprints with dates and missions', () => {
    const missions = [
      mission({ mission_id: M2, name: 'Archive', status: 'done', tasks: { open: 0, claimed: 0, in_progress: 0, done: 2, failed: 0, cancelled: 1 } }),
      mission({
        mission_id: M1,
        name: 'Checkout v2',
        owner: ME,
        principals: [
          { agent_id: ME, name: 'alice', kind: 'human' },
          { agent_id: BOB, name: 'bob', kind: 'claude-code' },
        ],
        tasks: { open: 2, claimed: 0, in_progress: 1, done: 1, failed: 0, cancelled: 3 },
      }),
    ];
    const tasks = [
      task({ task_id: uuid(10), key: 'T-1', mission_id: M1, status: 'open' }),
      task({ task_id: uuid(11), key: 'T-2', mission_id: M1, status: 'in_progress', sprint_id: S1 }),
      task({ task_id: uuid(12), key: 'T-3' }),
    ];
    const sprints = [sprint({ sprint_id: S1, name: 'Sprint 12', status: 'active', starts_at: new Date(T0).toISOString(), ends_at: new Date(T0 + 13 * 86_400_000).toISOString(), missions: [M1], tasks: { open: 0, claimed: 0, in_progress: 1, done: 0, failed: 0, cancelled: 0 } })];
    const tree = buildMissionTree({ missions, sprints, tasks, now: T0 });
    assert.deepEqual(tree.map((g) => [g.label, g.description]), [
      ['Missions', '1 active · 2 total'],
      ['Sprints', '1 active · 1 total'],
    ]);
    const [checkout, archive] = tree[0]?.children ?? [];
    assert.equal(checkout?.label, 'Checkout v2');
    assert.equal(checkout?.description, '1 active · 1/4 done (25%)', 'cancelled tasks do not count; active means claimed or in progress');
    assert.match(checkout?.tooltip ?? '', /^1 active \(claimed or in progress\)$/m);
    assert.equal(archive?.description, 'done · 2/2 done (100%)');
    assert.deepEqual(checkout?.children?.map((c) => [c.label, c.description]), [
      ['alice', 'human · owner'],
      ['bob', 'claude-code'],
      ['T-2 Task T-2', 'In progress'],
      ['T-1 Task T-1', 'Open'],
    ]);
    assert.match(checkout?.contextValue ?? '', /\bmission\b/);
    const s12 = tree[1]?.children?.[0];
    assert.match(s12?.description ?? '', / – /);
    assert.deepEqual(s12?.children?.map((c) => c.label), ['Checkout v2', 'T-2 Task T-2']);
    const ids = [...walk(tree)].map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.deepEqual(buildMissionTree({ missions: [], sprints: [], tasks }), []);
    assert.equal(progressText({ open: 0, claimed: 0, in_progress: 0, done: 0, failed: 0, cancelled: 2 }), 'no tasks');
  });

  it('Traceability: coverage as a tree with the percentages at every level and uncovered requirements flagged', () => {
    const report = coverageReport([
      { key: 'R-1', title: 'Cache prices', tasks: [{ task_id: uuid(10), key: 'T-1', status: 'done' }, { task_id: uuid(11), key: 'T-2', status: 'open' }] },
      { key: 'R-2', title: 'Batch reads', tasks: [] },
      { key: 'R-3', title: 'Drop the old path', tasks: [{ task_id: uuid(12), key: 'T-3', status: 'cancelled' }] },
    ]);
    const tree = buildCoverageTree({ report, missions: new Map() });
    assert.deepEqual(tree.map((n) => [n.label, n.description]), [
      ['Coverage', '3 requirements · 33.3% covered · 16.7% done'],
      ['O-1 Faster checkout', '33.3% covered · 16.7% done'],
    ]);
    const kr = tree[1]?.children?.[0];
    assert.equal(kr?.label, 'KR-1 p95 below 200 ms');
    assert.equal(kr?.description, '50/200 ms (25%) · 33.3% covered · 16.7% done');
    assert.match(kr?.tooltip ?? '', /no task yet: R-2, R-3/);
    assert.deepEqual(kr?.children?.map((r) => [r.label, r.description, r.icon?.id, r.contextValue]), [
      ['R-1 Cache prices', '2 tasks · 50% done', 'checklist', 'requirement covered'],
      ['R-2 Batch reads', 'no task yet', 'warning', 'requirement uncovered'],
      ['R-3 Drop the old path', 'no task yet', 'warning', 'requirement uncovered'],
    ]);
    const linked = kr?.children?.[0]?.children ?? [];
    assert.deepEqual(linked.map((t) => [t.label, t.action?.kind, t.ref?.requirementId !== undefined]), [
      ['T-1 Task T-1', 'openTask', true],
      ['T-2 Task T-2', 'openTask', true],
    ]);
    assert.equal(kr?.children?.[2]?.children?.[0]?.description, 'cancelled (does not count)');
    assert.deepEqual(buildCoverageTree({ report: null }), []);
  });

  it('Approvals: pending requests to decide, then decided ones, policies and the audit trail', () => {
    const pending = [approval({ approval_id: uuid(200), requester_id: BOB, created_at: iso(-120_000) })];
    const decided = [approval({ approval_id: uuid(201), status: 'failed', decided_by_name: 'carol', decided_at: iso(), result_note: 'LOCK_HELD: migrations/001.sql held by dave' })];
    const policies: PolicyList = {
      policies: [
        { source: 'api', shadowed: false, policy: { name: 'protect-migrations', kind: 'lock_paths', outcome: 'escalate', paths: ['migrations/**'], enabled: true, scope: {} } },
        { source: 'file', shadowed: false, policy: { name: 'one-at-a-time', kind: 'max_active_tasks', outcome: 'block', limit: 1, enabled: true, scope: { agent_kinds: ['claude-code'] } } },
      ],
      file: { path: 'policies.yaml', loaded_at: iso(), policy_count: 1, errors: [] },
    };
    const audit: AuditEntry[] = [
      {
        evaluation_id: 7,
        at: iso(),
        operation: 'lock',
        agent_id: BOB,
        agent_name: 'bob',
        task_id: null,
        task_key: null,
        paths: ['migrations/001.sql'],
        from_status: null,
        to_status: null,
        policy: 'protect-migrations',
        outcome: 'escalate',
        message: 'schema changes need a human',
        approval_id: uuid(200),
        approval_status: 'pending',
        approver: null,
        decided_at: null,
      },
    ];
    const tree = buildApprovalTree({ pending, decided, policies, audit, selfIds: new Set([ME]), now: T0 });
    assert.deepEqual(tree.map((g) => [g.label, g.description]), [
      ['Waiting for approval', '1'],
      ['Recently decided', '1'],
      ['Policies', '2 in force'],
      ['Audit trail', 'last 1'],
    ]);
    const row = tree[0]?.children?.[0];
    assert.equal(row?.label, 'lock migrations/001.sql (exclusive) for bob');
    assert.equal(row?.description, 'protect-migrations · bob · 2 min ago');
    assert.equal(row?.contextValue, 'approval pending');
    assert.equal(row?.ref?.approvalId, uuid(200));
    assert.match(row?.tooltip ?? '', /^expires .+ if nobody decides$/m);
    assert.match(tree[1]?.children?.[0]?.tooltip ?? '', /result: LOCK_HELD/);
    assert.deepEqual(tree[2]?.children?.map((p) => p.description), ['escalate · locks on migrations/** · api', 'block · at most 1 active task per agent · file']);
    assert.equal(tree[3]?.children?.[0]?.label, 'bob: lock migrations/001.sql');
    assert.equal(tree[3]?.children?.[0]?.description?.startsWith('protect-migrations escalate → waiting'), true);

    const first = pending[0];
    assert.ok(first);
    const mine = buildApprovalTree({ pending: [{ ...first, requester_id: ME }], decided: [], policies: null, audit: [], selfIds: new Set([ME]) });
    assert.equal(mine[0]?.children?.[0]?.contextValue, 'approval pending own');
    assert.equal(buildApprovalTree({ pending: [], decided, policies: null, audit: [], selfIds: new Set() })[0]?.label, 'Nothing waits for approval');
    assert.deepEqual(buildApprovalTree({ pending: [], decided: [], policies: null, audit: [], selfIds: new Set() }), []);
    const lapsed = approval({ approval_id: uuid(202), status: 'expired', decided_at: iso(), result_note: 'expired unanswered after 1 day; nothing was applied' });
    const expiredRow = buildApprovalTree({ pending: [], decided: [lapsed], policies: null, audit: [], selfIds: new Set(), now: T0 })[1]?.children?.[0];
    assert.equal(expiredRow?.icon?.id, 'watch');
    assert.match(expiredRow?.description ?? '', /^expired · /);
    assert.match(expiredRow?.tooltip ?? '', /^result: expired unanswered after 1 day; nothing was applied$/m);
    assert.equal(describePolicy({ name: 'x', kind: 'transition_requires_human', outcome: 'block', statuses: ['cancelled'], enabled: true, scope: {} }), 'cancelled only by a human');
  });
});
