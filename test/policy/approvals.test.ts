/**
 * The approvals queue over tRPC on PGlite: escalated locks, transitions and claims approved (applied for
 * the requester, re-checked against the state of the moment) and rejected (nothing applied); only humans
 * decide, once; an approval that can no longer be applied ends failed with the reason; the requester
 * learns the outcome from its live event stream; the audit trail names the approver.
 */
import assert from 'node:assert/strict';
import type { CoordinatorEvent } from '@agent-coordinator/shared';
import { useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { until } from '../support/until.ts';
import { eventsAfter, headEventId, usePolicies } from './policy-support.ts';

describe('approvals on pglite', function () {
  const env = useCoordinator('pglite');
  const c = () => env.client();
  const policies = usePolicies(c);
  let n = 0;
  const unique = (prefix: string): string => `${prefix}-${++n}`;
  const agent = async (capabilities: string[] = []) => (await c().register_agent.mutate({ name: unique('agent'), kind: 'claude-code', capabilities })).agent_id;

  beforeEach(async () => {
    for (const task of await c().list_tasks.query({ status: 'open' })) await c().update_task.mutate({ task_id: task.key, status: 'cancelled' });
  });

  async function escalatedLock(path: string): Promise<{ requester: string; approvalId: string }> {
    await policies.declare({ name: unique('guard'), kind: 'lock_paths', paths: [path.replace(/\/[^/]*$/, '/**')] });
    const requester = await agent();
    const result = await c().lock_files.mutate({ agent_id: requester, paths: [path], reason: 'add a column' });
    assert.ok(result.pending_approval, 'expected the lock to be escalated');
    return { requester, approvalId: result.pending_approval.approval_id };
  }

  it('an escalated lock approved by a human is granted to the requester, who sees the decision live', async () => {
    const { requester, approvalId } = await escalatedLock('migrations/007-add-column.sql');
    // The requester listens to its event stream, as an agent's editor does.
    const seen: CoordinatorEvent[] = [];
    const subscriptions = env.subscriptions();
    const subscription = c().subscribe_events.subscribe(
      { types: ['approval.decided'] },
      { onData: (message) => void (message.data.type === 'approval.decided' && seen.push(message.data)) },
    );
    try {
      await env.untilSubscribed(subscriptions);
      const human = await policies.human();
      const before = await headEventId(c());
      const approval = await c().approve_request.mutate({ approval_id: approvalId, agent_id: human, note: 'reviewed the migration' });
      assert.equal(approval.status, 'approved');
      assert.equal(approval.decided_by, human);
      assert.equal(approval.decided_by_name, 'policy-owner');
      assert.equal(approval.decision_note, 'reviewed the migration');
      const locks = await c().list_locks.query({ agent_id: requester });
      assert.deepEqual(locks.map((l) => [l.path, l.reason]), [['migrations/007-add-column.sql', 'add a column']]);
      await eventsAfter(c(), before, 'lock.acquired', { where: (e) => e.locks.some((l) => l.held_by_id === requester) });
      const [decided] = await until('the decision on the requester stream', () => (seen.length > 0 ? seen : null), 5_000);
      assert.ok(decided?.type === 'approval.decided');
      assert.equal(decided.approval.requester_id, requester);
      assert.equal(decided.approval.status, 'approved');
    } finally {
      subscription.unsubscribe();
    }
    const [entry] = await c().get_audit_trail.query({ agent_id: requester });
    assert.equal(entry?.approval_id, approvalId);
    assert.equal(entry?.approval_status, 'approved');
    assert.equal(entry?.approver, 'policy-owner');
    assert.deepEqual(await c().list_approvals.query({}).then((l) => l.filter((a) => a.approval_id === approvalId)), []);
  });

  it('an escalated lock rejected by a human is not granted; the requester is notified by event', async () => {
    const { requester, approvalId } = await escalatedLock('.github/workflows/deploy.yml');
    const before = await headEventId(c());
    const approval = await c().reject_request.mutate({ approval_id: approvalId, agent_id: await policies.human(), note: 'not this week' });
    assert.equal(approval.status, 'rejected');
    assert.deepEqual(await c().list_locks.query({ agent_id: requester }), []);
    const [decided] = await eventsAfter(c(), before, 'approval.decided');
    assert.equal(decided?.approval.status, 'rejected');
    assert.equal(decided?.approval.requester_id, requester);
    assert.equal(decided?.approval.decision_note, 'not this week');
    assert.equal((await c().list_approvals.query({ status: 'rejected' })).some((a) => a.approval_id === approvalId), true);
  });

  it('only a human decides, and only once', async () => {
    const { requester, approvalId } = await escalatedLock('secrets/prod.env');
    await rejectsWith(c().approve_request.mutate({ approval_id: approvalId, agent_id: requester }), 'FORBIDDEN', { message: /only a human/ });
    await rejectsWith(c().approve_request.mutate({ approval_id: approvalId }), 'VALIDATION', { field: 'agent_id' });
    const human = await policies.human();
    await c().reject_request.mutate({ approval_id: approvalId, agent_id: human });
    await rejectsWith(c().approve_request.mutate({ approval_id: approvalId, agent_id: human }), 'CONFLICT', { message: /already rejected by policy-owner/ });
    await rejectsWith(c().get_approval.query({ approval_id: '00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
  });

  it('an approval that can no longer be applied ends failed with the reason', async () => {
    const { approvalId } = await escalatedLock('schema/tables.sql');
    // Another agent asked for the same file; its request is approved first, so it holds the file.
    const other = await agent();
    const second = await c().lock_files.mutate({ agent_id: other, paths: ['schema/tables.sql'] });
    const human = await policies.human();
    assert.equal((await c().approve_request.mutate({ approval_id: second.pending_approval?.approval_id ?? '', agent_id: human })).status, 'approved');
    const approval = await c().approve_request.mutate({ approval_id: approvalId, agent_id: human });
    assert.equal(approval.status, 'failed');
    assert.match(approval.result_note ?? '', /LOCK_HELD: schema\/tables\.sql held by agent-\d+/);
    assert.equal((await c().get_approval.query({ approval_id: approvalId })).status, 'failed');
  });

  it('an escalated completion approved is applied (done, locks released); rejected, the task stays in progress', async () => {
    await policies.declare({ name: 'review-gate', kind: 'transition_requires_capability', capability: 'review', outcome: 'escalate' });
    const human = await policies.human();
    const coder = await agent(['coding']);
    const results = [];
    for (const decision of ['approve', 'reject'] as const) {
      const task = await c().create_task.mutate({ title: unique(decision), assignee: coder, files: [`src/${decision}.ts`] });
      assert.equal((await c().get_next_task.mutate({ agent_id: coder })).task?.task_id, task.task_id);
      await c().update_task.mutate({ task_id: task.key, agent_id: coder, status: 'in_progress' });
      const pending = await c().complete_task.mutate({ task_id: task.key, agent_id: coder, summary: 'implemented' });
      assert.equal(pending.status, 'in_progress');
      const id = pending.pending_approval?.approval_id ?? '';
      const decided = decision === 'approve' ? await c().approve_request.mutate({ approval_id: id, agent_id: human }) : await c().reject_request.mutate({ approval_id: id, agent_id: human });
      results.push({ decided, task: await c().get_task.query({ task_id: task.key }) });
    }
    const [approved, rejected] = results;
    assert.equal(approved?.decided.status, 'approved');
    assert.equal(approved?.task.status, 'done');
    assert.equal(approved?.task.summary, 'implemented');
    assert.deepEqual(await c().check_files.query({ paths: ['src/approve.ts'] }).then((r) => r.files[0]?.locked), false);
    assert.equal(rejected?.decided.status, 'rejected');
    assert.equal(rejected?.task.status, 'in_progress');
    assert.equal((await c().check_files.query({ paths: ['src/reject.ts'] })).files[0]?.locked, true);
  });

  it('an escalated claim approved is claimed for the requester with its files locked', async () => {
    await policies.declare({ name: 'protect-payments', kind: 'lock_paths', paths: ['payments/**'] });
    const requester = await agent();
    const task = await c().create_task.mutate({ title: 'refund flow', files: ['payments/refund.ts'] });
    const next = await c().get_next_task.mutate({ agent_id: requester });
    assert.equal(next.task, null);
    const id = next.pending_approvals?.[0]?.approval_id ?? '';
    const before = await headEventId(c());
    const approval = await c().approve_request.mutate({ approval_id: id, agent_id: await policies.human() });
    assert.equal(approval.status, 'approved');
    const claimed = await c().get_task.query({ task_id: task.key });
    assert.equal(claimed.status, 'claimed');
    assert.equal(claimed.claimed_by, requester);
    assert.deepEqual((await c().list_locks.query({ agent_id: requester })).map((l) => l.path), ['payments/refund.ts']);
    const [claimedEvent] = await eventsAfter(c(), before, 'task.claimed');
    assert.equal(claimedEvent?.agent_id, requester);
  });

  it('an approved change is still refused by a policy that blocks it now', async () => {
    await policies.declare({ name: 'protect-billing', kind: 'lock_paths', paths: ['billing/**'] });
    const requester = await agent();
    const task = await c().create_task.mutate({ title: 'invoice', files: ['billing/invoice.ts'] });
    const id = (await c().get_next_task.mutate({ agent_id: requester })).pending_approvals?.[0]?.approval_id ?? '';
    await policies.declare({ name: 'freeze', kind: 'max_active_tasks', limit: 0 });
    const approval = await c().approve_request.mutate({ approval_id: id, agent_id: await policies.human() });
    assert.equal(approval.status, 'failed');
    assert.match(approval.result_note ?? '', /POLICY_DENIED: get_next_task: refused by policy freeze/);
    assert.equal((await c().get_task.query({ task_id: task.key })).status, 'open');
  });
});
