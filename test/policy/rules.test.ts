/**
 * Each built-in rule kind with each outcome, checked over tRPC on PGlite: lock_paths (on locks and on
 * claims), max_active_tasks (also within one claim batch), mission_wip_limit,
 * transition_requires_capability, done_requires_requirement, transition_requires_human; scopes
 * (agent kinds, capabilities, missions); disabled policies; the audit trail and its events.
 */
import assert from 'node:assert/strict';
import { useCoordinator } from '../support/coordinator.ts';
import { rejectsWith } from '../support/errors.ts';
import { eventsAfter, headEventId, usePolicies } from './policy-support.ts';

describe('policy rules on pglite', function () {
  const env = useCoordinator('pglite');
  const c = () => env.client();
  const policies = usePolicies(c);
  let n = 0;
  const unique = (prefix: string): string => `${prefix}-${++n}`;
  const agent = async (kind: 'claude-code' | 'copilot' | 'human' = 'claude-code', capabilities: string[] = []) =>
    (await c().register_agent.mutate({ name: unique(kind), kind, capabilities })).agent_id;

  beforeEach(async () => {
    for (const task of await c().list_tasks.query({ status: 'open' })) await c().update_task.mutate({ task_id: task.key, status: 'cancelled' });
  });

  /** Creates a task in the agent's inbox and claims it for the agent. */
  async function claimed(agentId: string, fields: { files?: string[]; mission_id?: string } = {}) {
    const task = await c().create_task.mutate({ title: unique('task'), assignee: agentId, ...fields });
    const next = await c().get_next_task.mutate({ agent_id: agentId });
    assert.equal(next.task?.task_id, task.task_id, next.reason);
    return task;
  }

  describe('lock_paths', () => {
    it('escalates a lock on a protected glob: not granted, pending approval, audit entry and events', async () => {
      await policies.declare({ name: 'protect-migrations', kind: 'lock_paths', paths: ['migrations/**', '.github/**'], message: 'schema changes need a human' });
      const me = await agent();
      const before = await headEventId(c());
      const result = await c().lock_files.mutate({ agent_id: me, paths: ['migrations/001-init.sql'] });
      assert.equal(result.granted, false);
      assert.deepEqual(result.locks, []);
      assert.equal(result.pending_approval?.policy, 'protect-migrations');
      assert.equal(result.pending_approval?.message, 'schema changes need a human');
      assert.equal((await c().check_files.query({ paths: ['migrations/001-init.sql'] })).files[0]?.locked, false);
      const [requested] = await eventsAfter(c(), before, 'approval.requested');
      assert.equal(requested?.approval.approval_id, result.pending_approval?.approval_id);
      assert.equal(requested?.approval.requester_id, me);
      const [evaluated] = await eventsAfter(c(), before, 'policy.evaluated');
      assert.equal(evaluated?.evaluation.outcome, 'escalate');
      assert.deepEqual(evaluated?.evaluation.paths, ['migrations/001-init.sql']);
      // Paths outside the globs are untouched; asking again reuses the pending approval.
      assert.equal((await c().lock_files.mutate({ agent_id: me, paths: ['src/app.ts'] })).granted, true);
      const again = await c().lock_files.mutate({ agent_id: me, paths: ['migrations/001-init.sql'] });
      assert.equal(again.pending_approval?.approval_id, result.pending_approval?.approval_id);
      const pending = await c().list_approvals.query({});
      assert.equal(pending.filter((a) => a.approval_id === result.pending_approval?.approval_id).length, 1);
    });

    it('blocks with the policy name and message, and records the refusal', async () => {
      await policies.declare({ name: 'no-ci-edits', kind: 'lock_paths', paths: ['.github/**'], outcome: 'block' });
      const me = await agent();
      const before = await headEventId(c());
      await rejectsWith(c().lock_files.mutate({ agent_id: me, paths: ['.github/workflows/ci.yml'] }), 'POLICY_DENIED', {
        message: /lock_files: refused by policy no-ci-edits: "\.github\/workflows\/ci\.yml" may not be locked/,
      });
      // A glob that could cover protected files is refused too.
      await rejectsWith(c().lock_files.mutate({ agent_id: me, paths: ['**/*.yml'] }), 'POLICY_DENIED', { message: /no-ci-edits/ });
      const evaluations = await eventsAfter(c(), before, 'policy.evaluated', { count: 2 });
      assert.deepEqual(evaluations.map((e) => e.evaluation.outcome), ['block', 'block']);
      const audit = await c().get_audit_trail.query({ policy: 'no-ci-edits' });
      assert.equal(audit.length, 2);
      assert.equal(audit[0]?.agent_id, me);
    });

    it('warns: the lock is granted and the warning returned', async () => {
      await policies.declare({ name: 'careful-with-config', kind: 'lock_paths', paths: ['config/**'], outcome: 'warn', message: 'config is shared by every service' });
      const me = await agent();
      const result = await c().lock_files.mutate({ agent_id: me, paths: ['config/app.json'] });
      assert.equal(result.granted, true);
      assert.deepEqual(result.warnings, ['careful-with-config: config is shared by every service']);
      const [entry] = await c().get_audit_trail.query({ policy: 'careful-with-config' });
      assert.equal(entry?.outcome, 'warn');
    });

    it('on a claim: a task with protected files is skipped (pending approval) and the next task is handed out', async () => {
      await policies.declare({ name: 'protect-schema', kind: 'lock_paths', paths: ['db/schema/**'] });
      const me = await agent();
      const risky = await c().create_task.mutate({ title: 'change schema', priority: 'critical', files: ['db/schema/users.sql'] });
      const safe = await c().create_task.mutate({ title: 'fix typo', files: ['docs/readme.md'] });
      const next = await c().get_next_task.mutate({ agent_id: me });
      assert.equal(next.task?.task_id, safe.task_id);
      assert.equal(next.pending_approvals?.length, 1);
      assert.equal(next.pending_approvals?.[0]?.task_id, risky.task_id);
      assert.equal(next.pending_approvals?.[0]?.policy, 'protect-schema');
      assert.equal((await c().get_task.query({ task_id: risky.key })).status, 'open');
      const none = await c().get_next_task.mutate({ agent_id: me });
      assert.equal(none.task, null);
      assert.match(none.reason ?? '', /wait for human approval/);
    });
  });

  describe('max_active_tasks', () => {
    it('blocks a claim beyond the limit; the agent is told why', async () => {
      await policies.declare({ name: 'one-at-a-time', kind: 'max_active_tasks', limit: 1 });
      const me = await agent();
      await claimed(me);
      await c().create_task.mutate({ title: unique('second'), assignee: me });
      const next = await c().get_next_task.mutate({ agent_id: me });
      assert.equal(next.task, null);
      assert.match(next.reason ?? '', /policies held some back \(one-at-a-time\)/);
      const [entry] = await c().get_audit_trail.query({ policy: 'one-at-a-time' });
      assert.equal(entry?.outcome, 'block');
      assert.match(entry?.message ?? '', /already has 1 claimed or in-progress task\(s\); at most 1 at once/);
    });

    it('warns instead when so declared: the claim goes through with the warning', async () => {
      await policies.declare({ name: 'prefer-one', kind: 'max_active_tasks', limit: 1, outcome: 'warn' });
      const me = await agent();
      await claimed(me);
      await c().create_task.mutate({ title: unique('second'), assignee: me });
      const next = await c().get_next_task.mutate({ agent_id: me });
      assert.ok(next.task);
      assert.equal(next.warnings?.length, 1);
      assert.match(next.warnings?.[0] ?? '', /^prefer-one: /);
    });

    it('counts claims decided in the same batch: 8 concurrent claims, limit 2, exactly 2 succeed', async () => {
      await policies.declare({ name: 'two-at-a-time', kind: 'max_active_tasks', limit: 2 });
      const me = await agent();
      for (let i = 0; i < 8; i++) await c().create_task.mutate({ title: unique('burst'), assignee: me });
      const results = await Promise.all(Array.from({ length: 8 }, () => c().get_next_task.mutate({ agent_id: me })));
      assert.equal(results.filter((r) => r.task !== null).length, 2);
    });
  });

  it('mission_wip_limit: a mission at its limit hands out no more of its tasks; other work still flows', async () => {
    const mission = await c().create_mission.mutate({ name: unique('wip mission') });
    await policies.declare({ name: 'wip-2', kind: 'mission_wip_limit', limit: 1, scope: { missions: [mission.name] } });
    const [a, b] = [await agent(), await agent()];
    await c().create_task.mutate({ title: 'mission work 1', mission_id: mission.mission_id, priority: 'high' });
    await c().create_task.mutate({ title: 'mission work 2', mission_id: mission.name, priority: 'high' });
    const other = await c().create_task.mutate({ title: 'other work' });
    assert.equal((await c().get_next_task.mutate({ agent_id: a })).task?.mission_id, mission.mission_id);
    const second = await c().get_next_task.mutate({ agent_id: b });
    assert.equal(second.task?.task_id, other.task_id);
    const [entry] = await c().get_audit_trail.query({ policy: 'wip-2' });
    assert.match(entry?.message ?? '', /work-in-progress limit is 1/);
  });

  describe('transition_requires_capability', () => {
    it('blocks completing without the capability; an agent with it completes', async () => {
      await policies.declare({ name: 'reviewed', kind: 'transition_requires_capability', capability: 'review' });
      const coder = await agent('claude-code', ['coding']);
      const task = await claimed(coder);
      await rejectsWith(c().complete_task.mutate({ task_id: task.key, agent_id: coder }), 'POLICY_DENIED', {
        message: /complete_task: refused by policy reviewed: only an agent with capability "review" may set a task done/,
      });
      assert.equal((await c().get_task.query({ task_id: task.key })).status, 'claimed');
      const reviewer = await agent('claude-code', ['review']);
      const reviewed = await claimed(reviewer);
      const done = await c().complete_task.mutate({ task_id: reviewed.key, agent_id: reviewer });
      assert.equal(done.status, 'done');
      assert.equal(done.warnings, undefined);
    });

    it('escalates: the task stays as it is and the result carries the pending approval', async () => {
      await policies.declare({ name: 'review-or-ask', kind: 'transition_requires_capability', capability: 'review', outcome: 'escalate' });
      const coder = await agent();
      const task = await claimed(coder);
      await c().update_task.mutate({ task_id: task.key, agent_id: coder, status: 'in_progress' });
      const result = await c().complete_task.mutate({ task_id: task.key, agent_id: coder, summary: 'all done' });
      assert.equal(result.status, 'in_progress');
      assert.equal(result.pending_approval?.policy, 'review-or-ask');
      const approval = await c().get_approval.query({ approval_id: result.pending_approval?.approval_id ?? '' });
      assert.equal(approval.status, 'pending');
      assert.equal(approval.to_status, 'done');
      assert.equal(approval.task_key, task.key);
    });
  });

  describe('done_requires_requirement', () => {
    it('blocks completing an unlinked task; once linked to a requirement it completes', async () => {
      await policies.declare({ name: 'traceable', kind: 'done_requires_requirement' });
      const me = await agent();
      const task = await claimed(me);
      await rejectsWith(c().complete_task.mutate({ task_id: task.key, agent_id: me }), 'POLICY_DENIED', { message: /is linked to no requirement/ });
      const objective = await c().create_objective.mutate({ title: 'traceability' });
      const kr = await c().add_key_result.mutate({ objective_id: objective.key, title: 'every task traced', target: 100, unit: '%' });
      const requirement = await c().add_requirement.mutate({ key_result_id: kr.key, title: 'link tasks' });
      await c().link_task.mutate({ requirement_id: requirement.key, task_id: task.key });
      assert.equal((await c().complete_task.mutate({ task_id: task.key, agent_id: me })).status, 'done');
    });

    it('warns when so declared: done, with the warning', async () => {
      await policies.declare({ name: 'traceable-soft', kind: 'done_requires_requirement', outcome: 'warn' });
      const me = await agent();
      const task = await claimed(me);
      const done = await c().complete_task.mutate({ task_id: task.key, agent_id: me });
      assert.equal(done.status, 'done');
      assert.match(done.warnings?.[0] ?? '', /^traceable-soft: T-\d+ is linked to no requirement/);
    });
  });

  it('transition_requires_human: only humans cancel; agents and anonymous callers are refused', async () => {
    await policies.declare({ name: 'humans-cancel', kind: 'transition_requires_human' });
    const bot = await agent();
    const task = await claimed(bot);
    await rejectsWith(c().update_task.mutate({ task_id: task.key, agent_id: bot, status: 'cancelled' }), 'POLICY_DENIED', {
      message: /only humans may set a task cancelled; claude-code-\d+ is a claude-code agent/,
    });
    const open = await c().create_task.mutate({ title: unique('open') });
    await rejectsWith(c().update_task.mutate({ task_id: open.key, status: 'cancelled' }), 'POLICY_DENIED', { message: /a caller without agent_id/ });
    const human = await agent('human');
    assert.equal((await c().update_task.mutate({ task_id: open.key, status: 'cancelled', agent_id: human })).status, 'cancelled');
    // Other transitions are not its business.
    assert.equal((await c().update_task.mutate({ task_id: task.key, agent_id: bot, status: 'failed' })).status, 'failed');
  });

  describe('scope', () => {
    it('agent_kinds and capabilities: a policy applies only to the agents it names', async () => {
      await policies.declare({ name: 'copilot-one-task', kind: 'max_active_tasks', limit: 0, scope: { agent_kinds: ['copilot'] } });
      await policies.declare({ name: 'juniors-no-infra', kind: 'lock_paths', paths: ['infra/**'], outcome: 'block', scope: { capabilities: ['junior'] } });
      const copilot = await agent('copilot');
      const claude = await agent('claude-code', ['junior']);
      await c().create_task.mutate({ title: unique('for copilot'), assignee: copilot });
      assert.equal((await c().get_next_task.mutate({ agent_id: copilot })).task, null);
      await claimed(claude);
      await rejectsWith(c().lock_files.mutate({ agent_id: claude, paths: ['infra/main.tf'] }), 'POLICY_DENIED', { message: /juniors-no-infra/ });
      assert.equal((await c().lock_files.mutate({ agent_id: copilot, paths: ['infra/main.tf'] })).granted, true);
    });

    it('missions: by name or id; tasks outside the mission are not concerned', async () => {
      const mission = await c().create_mission.mutate({ name: unique('scoped') });
      await policies.declare({ name: 'mission-review', kind: 'transition_requires_capability', capability: 'review', scope: { missions: [mission.mission_id] } });
      const me = await agent();
      const inMission = await claimed(me, { mission_id: mission.name });
      await rejectsWith(c().complete_task.mutate({ task_id: inMission.key, agent_id: me }), 'POLICY_DENIED', { message: /mission-review/ });
      const outside = await claimed(me);
      assert.equal((await c().complete_task.mutate({ task_id: outside.key, agent_id: me })).status, 'done');
    });
  });

  it('a disabled policy is not enforced', async () => {
    await policies.declare({ name: 'off', kind: 'lock_paths', paths: ['**'], outcome: 'block', enabled: false });
    assert.equal((await c().lock_files.mutate({ agent_id: await agent(), paths: ['anything.txt'] })).granted, true);
  });

  it('only humans declare or remove policies; bad definitions are refused naming the field', async () => {
    const bot = await agent();
    await rejectsWith(c().declare_policy.mutate({ policy: { name: 'sneaky', kind: 'max_active_tasks', limit: 99 }, agent_id: bot }), 'FORBIDDEN', {
      message: /only a human may do this/,
    });
    const human = await policies.human();
    await rejectsWith(c().declare_policy.mutate({ policy: { name: 'bad', kind: 'max_active_tasks', limit: -1 }, agent_id: human }), 'VALIDATION', {
      field: 'policy.limit',
    });
    await rejectsWith(
      c().declare_policy.mutate({ policy: { name: 'bad', kind: 'no_such_kind' } as never, agent_id: human }),
      'VALIDATION',
      { message: /kind/ },
    );
  });

  it('the audit trail lists who, what, which policy and the outcome, newest first, filterable', async () => {
    await policies.declare({ name: 'audit-me', kind: 'lock_paths', paths: ['audit/**'], outcome: 'warn' });
    const me = await agent();
    await c().lock_files.mutate({ agent_id: me, paths: ['audit/a.txt'] });
    await c().lock_files.mutate({ agent_id: me, paths: ['audit/b.txt'] });
    const entries = await c().get_audit_trail.query({ policy: 'audit-me', agent_id: me });
    assert.deepEqual(entries.map((e) => e.paths), [['audit/b.txt'], ['audit/a.txt']]);
    assert.equal(entries[0]?.operation, 'lock');
    assert.equal(entries[0]?.outcome, 'warn');
    const older = await c().get_audit_trail.query({ policy: 'audit-me', before: entries[0]?.evaluation_id ?? 0 });
    assert.deepEqual(older.map((e) => e.paths), [['audit/a.txt']]);
  });
});
