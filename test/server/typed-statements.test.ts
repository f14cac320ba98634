/**
 * Statements typed from the entities read the same values on both engines (node-pg hands timestamps back
 * as strings, PGlite as Date): sprints, the first repository written with them, created, updated,
 * cleared and listed through the tRPC router (createCaller, in process) on PGlite and on PostgreSQL; missions with their owner and principals likewise;
 * then the inbox (messages, notifications taken and marked read), approvals and the policy audit, locks
 * (granted, listed, re-granted, released), tasks, claims and agents (created with dependencies, found by
 * key, listed, claimed with their files' locks, named when blocked, heartbeats renewing leases, completed);
 * the policy gate's facts, the board, the resync snapshot, fencing tokens, the repository binding and the
 * rate limiter; the plan (objectives, key results, requirements, links, a task's plan, coverage), accounts,
 * projects and credentials (the auth repository, in a transaction rolled back so the suite stays in local
 * mode), the event log (pages, head, oldest retained seq) and the outbox's lease.
 */
import assert from 'node:assert/strict';
import { callerRejectsWith } from '../support/errors.ts';
import { LOCAL_PROJECT, systemActor } from '../../server/src/common/actor.ts';
import { AuthRepository } from '../../server/src/modules/auth/auth.repository.ts';
import { RateLimiter } from '../../server/src/modules/auth/rate-limiter.ts';
import { listEventsAfter, listProjectEventsAfter } from '../../server/src/events/event.repository.ts';
import { OutboxRepository } from '../../server/src/events/outbox.repository.ts';
import { stateSnapshotReader } from '../../server/src/modules/event/state-snapshot.ts';
import { useInProcessCoordinator } from '../support/in-process-caller.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

for (const engine of ['pglite', 'postgresql'] as const) {
  describe(`typed statements on ${engine} (sprints, missions, inbox, approvals, locks, tasks, claims, agents), in process`, function () {
    this.timeout(120_000);
    const env = useInProcessCoordinator(engine);
    const c = () => env.caller();
    let humanId: string | undefined;
    const human = async (): Promise<string> => (humanId ??= (await c().register_agent({ name: 'policy-owner', kind: 'human' })).agent_id);

    it('writes and reads timestamps, defaults and computed columns the same way', async () => {
      const sprint = await c().create_sprint({ name: 'typed 1', starts_at: '2026-11-02', ends_at: '2026-11-13T17:00:00Z' });
      assert.equal(sprint.starts_at, '2026-11-02T00:00:00.000Z');
      assert.equal(sprint.ends_at, '2026-11-13T17:00:00.000Z');
      assert.equal(sprint.goal, '');
      assert.equal(sprint.status, 'planned');
      assert.match(sprint.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(sprint.missions, []);
      assert.equal(sprint.tasks.open, 0);

      const cleared = await c().update_sprint({ sprint_id: sprint.sprint_id, starts_at: null, goal: 'kept' });
      assert.equal(cleared.starts_at, null);
      assert.equal(cleared.ends_at, '2026-11-13T17:00:00.000Z', 'an omitted date stays');
      assert.equal(cleared.goal, 'kept');
      assert.ok(cleared.updated_at >= sprint.updated_at);

      await c().create_sprint({ name: 'typed 2', starts_at: '2026-10-01' });
      await callerRejectsWith(c().update_sprint({ sprint_id: 'typed 2', name: 'typed 1' }), 'CONFLICT');
      await callerRejectsWith(c().create_sprint({ name: 'typed 1' }), 'CONFLICT');
      const listed = await c().list_sprints({});
      assert.deepEqual(
        listed.filter((s) => s.name.startsWith('typed')).map((s) => s.name),
        ['typed 2', 'typed 1'],
        'ordered by start, no start last',
      );
      assert.deepEqual((await c().list_sprints({ status: 'active' })).length, 0);
    });

    it('missions: owner, principals in and out, computed columns', async () => {
      const lead = await c().register_agent({ name: 'typed-lead', kind: 'human' });
      const bot = await c().register_agent({ name: 'typed-bot', kind: 'claude-code' });
      const mission = await c().create_mission({ name: 'typed mission', owner: 'typed-lead', principals: [bot.agent_id] });
      assert.equal(mission.owner, lead.agent_id);
      assert.equal(mission.status, 'active');
      assert.deepEqual(mission.principals.map((p) => p.name), ['typed-bot', 'typed-lead']);
      assert.match(mission.created_at, /Z$/);
      await c().create_task({ title: 'typed task', mission_id: 'typed mission' });
      const updated = await c().update_mission({ mission_id: mission.mission_id, owner: null, status: 'paused' });
      assert.equal(updated.owner, null);
      assert.equal(updated.status, 'paused');
      assert.equal(updated.tasks.open, 1);
      const without = await c().update_mission({ mission_id: 'typed mission', remove_principals: [bot.agent_id] });
      assert.ok(!without.principals.some((p) => p.name === 'typed-bot'), 'a removed principal is gone');
      await c().create_mission({ name: 'typed other' });
      await callerRejectsWith(c().update_mission({ mission_id: 'typed other', name: 'typed mission' }), 'CONFLICT');
      assert.deepEqual((await c().list_missions({ status: 'paused' })).map((m) => m.name), ['typed mission']);
    });
    it('inbox: a message becomes a notification, taken once and marked read; a reply stays in its thread', async () => {
      const ann = await c().register_agent({ name: 'typed-ann', kind: 'claude-code' });
      const bob = await c().register_agent({ name: 'typed-bob', kind: 'claude-code' });
      const sent = await c().send_message({ agent_id: ann.agent_id, to: 'typed-bob', body: 'may I take src/a.ts?' });
      const taken = await c().get_notifications({ agent_id: bob.agent_id });
      assert.equal(taken.notifications.length, 1);
      const [note] = taken.notifications;
      assert.equal(note?.kind, 'message');
      assert.equal(note?.thread_id, sent.thread_id);
      assert.equal(note?.sender_id, ann.agent_id);
      assert.match(note?.created_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(note?.read_at ?? '', /Z$/, 'taken is read, and says when');
      assert.equal((await c().get_notifications({ agent_id: bob.agent_id })).notifications.length, 0);
      const reply = await c().send_message({ agent_id: bob.agent_id, reply_to: sent.thread_id, body: 'yes' });
      assert.equal(reply.thread_id, sent.thread_id);
      assert.deepEqual(reply.recipients.map((r) => r.name), ['typed-ann']);
      const recent = await c().get_notifications({ agent_id: bob.agent_id, all: true });
      assert.equal(recent.notifications.length, 1, 'all: the read one again');
    });

    it('approvals and the policy audit: escalated, listed, rejected, audited with the decider', async () => {
      await c().declare_policy({ policy: { name: 'typed-guard', kind: 'lock_paths', paths: ['typed-migrations/**'] }, agent_id: await human() });
      const requester = (await c().register_agent({ name: 'typed-requester', kind: 'claude-code' })).agent_id;
      const asked = await c().lock_files({ agent_id: requester, paths: ['typed-migrations/001.sql'], reason: 'a column' });
      assert.ok(asked.pending_approval, 'the lock is escalated');
      const again = await c().lock_files({ agent_id: requester, paths: ['typed-migrations/001.sql'], reason: 'a column' });
      assert.equal(again.pending_approval?.approval_id, asked.pending_approval.approval_id, 'the same question is not queued twice');
      const [pending] = (await c().list_approvals({})).filter((a) => a.approval_id === asked.pending_approval?.approval_id);
      assert.equal(pending?.status, 'pending');
      assert.equal(pending?.requester_name, 'typed-requester');
      assert.deepEqual(pending?.paths, ['typed-migrations/001.sql']);
      assert.ok((pending?.expires_at ?? '') > (pending?.created_at ?? 'z'), 'expires after it was made');
      const rejected = await c().reject_request({ approval_id: asked.pending_approval.approval_id, agent_id: await human(), note: 'not now' });
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.decided_by_name, 'policy-owner');
      assert.match(rejected.decided_at ?? '', /Z$/);
      const [entry] = await c().get_audit_trail({ agent_id: requester });
      assert.equal(typeof entry?.evaluation_id, 'number');
      assert.match(entry?.at ?? '', /Z$/);
      assert.equal(entry?.approval_status, 'rejected');
      assert.equal(entry?.approver, 'policy-owner');
      assert.match(entry?.decided_at ?? '', /Z$/);
    });
    it('locks: granted with a task, listed, re-granted by their holder, released', async () => {
      const holder = (await c().register_agent({ name: 'typed-holder', kind: 'claude-code' })).agent_id;
      const task = await c().create_task({ title: 'typed lock task' });
      const granted = await c().lock_files({ agent_id: holder, paths: ['typed/b.ts', 'typed/a.ts'], task_id: task.key, reason: 'typed' });
      assert.ok(granted.granted);
      assert.deepEqual(granted.locks.map((l) => [l.path, l.held_by, l.task_key, typeof l.fencing_token]), [
        ['typed/a.ts', 'typed-holder', task.key, 'number'],
        ['typed/b.ts', 'typed-holder', task.key, 'number'],
      ]);
      const listed = await c().list_locks({ agent_id: holder });
      assert.deepEqual(listed.map((l) => [l.path, l.task_key, l.fencing_token, l.expires_at]), granted.locks.map((l) => [l.path, l.task_key, l.fencing_token, l.expires_at]));
      assert.match(listed[0]?.acquired_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const renewed = await c().lock_files({ agent_id: holder, paths: ['typed/a.ts'], mode: 'shared', ttl_seconds: 7200 });
      assert.equal(renewed.locks[0]?.mode, 'shared');
      assert.equal(renewed.locks[0]?.task_key, task.key, 'a re-grant without a task keeps it');
      assert.equal(renewed.locks[0]?.reason, 'typed', 'and keeps the reason');
      assert.ok((renewed.locks[0]?.expires_at ?? '') > (granted.locks[0]?.expires_at ?? 'z'), 'the lease is longer');
      const released = await c().release_files({ agent_id: holder, paths: ['typed/a.ts', 'typed/b.ts', 'typed/c.ts'] });
      assert.deepEqual([...released.released].sort(), ['typed/a.ts', 'typed/b.ts']);
      assert.deepEqual(released.not_held, ['typed/c.ts']);
      assert.deepEqual(await c().list_locks({ agent_id: holder }), []);
    });

    it('tasks, claims and agents: keys, timestamps and dependencies, claimed with locks, heartbeats', async () => {
      const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
      const worker = await c().register_agent({ name: 'typed-worker', kind: 'claude-code', capabilities: ['ts'] });
      assert.equal(worker.status, 'idle');
      assert.deepEqual(worker.capabilities, ['ts']);
      assert.match(worker.last_heartbeat_at, iso);
      const first = await c().create_task({ title: 'typed first', priority: 'critical', capabilities: ['ts'], files: ['typed-claim/a.ts'] });
      assert.match(first.key, /^T-\d+$/);
      assert.match(first.created_at, iso);
      assert.deepEqual([first.priority, first.status, first.capabilities, first.files, first.depends_on], ['critical', 'open', ['ts'], ['typed-claim/a.ts'], []]);
      const second = await c().create_task({ title: 'typed second', depends_on: [first.key], assignee: 'typed-worker' });
      assert.deepEqual(second.depends_on, [first.task_id]);
      assert.equal(second.assignee, worker.agent_id);
      assert.deepEqual(await c().get_task({ task_id: second.key }), second, 'found by key as created');
      const listed = await c().list_tasks({ assignee: worker.agent_id });
      assert.deepEqual(listed.map((t) => t.key), [second.key]);

      const blocked = await c().claim_task({ task_id: second.key, agent_id: worker.agent_id });
      assert.equal(blocked.task, null);
      assert.equal(blocked.reason, `${second.key} is blocked by ${first.key} (open): claim it once that task is done`, 'named with its blocker');
      const next = await c().get_next_task({ agent_id: worker.agent_id });
      assert.equal(next.task?.key, first.key);
      assert.equal(next.task?.status, 'claimed');
      assert.equal(next.task?.claimed_by, worker.agent_id);
      assert.match(next.task?.updated_at ?? '', iso);
      assert.deepEqual(next.locks.map((l) => [l.path, l.task_key, typeof l.fencing_token]), [['typed-claim/a.ts', first.key, 'number']]);
      assert.match(next.locks[0]?.expires_at ?? '', iso);
      assert.equal((await c().get_agent({ agent_id: 'typed-worker' })).status, 'busy');

      const beat = await c().heartbeat({ agent_id: worker.agent_id });
      assert.equal(beat.status, 'busy');
      assert.match(beat.expires_at, iso);
      const done = await c().complete_task({ task_id: first.key, agent_id: worker.agent_id, summary: 'typed' });
      assert.equal(done.status, 'done');
      assert.equal(done.summary, 'typed');
      assert.match(done.updated_at, iso);
      assert.deepEqual(await c().list_locks({ agent_id: worker.agent_id }), [], 'its locks went with it');
      const inbox = await c().get_next_task({ agent_id: worker.agent_id });
      assert.equal(inbox.task?.key, second.key, 'the inbox task, ready now');
      assert.deepEqual(
        (await c().list_agents()).filter((a) => a.name === 'typed-worker').map((a) => [a.status, a.kind]),
        [['busy', 'claude-code']],
      );
    });

    it('the policy gate reads task, mission, claim and requirement facts', async () => {
      const owner = await human();
      const worker = (await c().register_agent({ name: 'typed-gate-worker', kind: 'claude-code', capabilities: ['typed-cap'] })).agent_id;
      const other = (await c().register_agent({ name: 'typed-gate-other', kind: 'claude-code', capabilities: ['typed-cap'] })).agent_id;
      await c().create_mission({ name: 'typed-wip' });
      const first = await c().create_task({ title: 'typed wip 1', mission_id: 'typed-wip' });
      const second = await c().create_task({ title: 'typed wip 2', mission_id: 'typed-wip' });
      const outside = await c().create_task({ title: 'typed outside' });
      const scope = { capabilities: ['typed-cap'] };
      await c().declare_policy({ policy: { name: 'typed-wip-limit', kind: 'mission_wip_limit', limit: 1, scope: { missions: ['typed-wip'] } }, agent_id: owner });
      await c().declare_policy({ policy: { name: 'typed-max', kind: 'max_active_tasks', limit: 1, outcome: 'warn', scope }, agent_id: owner });
      await c().declare_policy({ policy: { name: 'typed-linked', kind: 'done_requires_requirement', scope }, agent_id: owner });
      try {
        assert.equal((await c().claim_task({ task_id: first.key, agent_id: worker })).task?.task_id, first.task_id);
        const held = await c().claim_task({ task_id: second.key, agent_id: other });
        assert.equal(held.task, null);
        assert.match(held.reason ?? '', /policies held it back \(typed-wip-limit\)/);
        const [refusal] = await c().get_audit_trail({ agent_id: other, policy: 'typed-wip-limit' });
        assert.match(refusal?.message ?? '', /^mission "typed-wip" already has 1 task\(s\) in progress; its work-in-progress limit is 1$/);
        assert.equal(refusal?.task_key, second.key);
        const warned = await c().claim_task({ task_id: outside.key, agent_id: worker });
        assert.match(warned.warnings?.join(' ') ?? '', /typed-gate-worker already has 1 claimed or in-progress task\(s\)/);
        await callerRejectsWith(c().complete_task({ task_id: first.key, agent_id: worker, summary: 'done' }), 'POLICY_DENIED', {
          message: new RegExp(`${first.key} is linked to no requirement`),
        });
      } finally {
        for (const name of ['typed-wip-limit', 'typed-max', 'typed-linked']) await c().remove_policy({ name, agent_id: owner });
      }
    });

    it('the board and the resync snapshot: agents, tasks in progress, counts, queue', async () => {
      const board = await c().get_task_board({});
      const worker = board.agents.find((a) => a.name === 'typed-gate-worker');
      assert.equal(worker?.status, 'busy');
      assert.match(worker?.last_heartbeat_at ?? '', ISO);
      assert.deepEqual(worker?.capabilities, ['typed-cap']);
      assert.match(worker?.current_task?.key ?? '', /^T-\d+$/);
      assert.equal(board.agents.find((a) => a.name === 'typed-gate-other')?.status, 'idle');
      assert.equal(typeof board.tasks.claimed, 'number');
      assert.ok(board.tasks.claimed >= 2 && board.tasks.open >= 1);
      const queued = board.queue.find((t) => t.title === 'typed wip 2');
      assert.deepEqual(queued && { ...queued, task_id: '', key: queued.key.replace(/\d+/, 'n') }, {
        task_id: '',
        key: 'T-n',
        title: 'typed wip 2',
        priority: 'normal',
        status: 'open',
        assignee: null,
        files: [],
      });
      assert.equal((await c().get_task_board({ queue_limit: 1 })).queue.length, 1);

      const snapshot = await stateSnapshotReader(env.coordinator.database, env.coordinator.services.board)(systemActor(LOCAL_PROJECT));
      assert.equal(typeof snapshot.as_of, 'number');
      assert.deepEqual(snapshot.board.agents.find((a) => a.name === 'typed-gate-worker'), worker);
      const active = snapshot.active_tasks.find((t) => t.title === 'typed wip 1');
      assert.ok(active, 'the claimed task is active');
      assert.deepEqual(active, await c().get_task({ task_id: active.task_id }), 'as the task repository reads it');
      assert.match(active.created_at, ISO);
      assert.deepEqual(active.depends_on, []);
    });

    it('fencing tokens, the repository binding and the rate limiter', async () => {
      const [worker, other] = ['typed-gate-worker', 'typed-gate-other'];
      const workerTask = (await c().list_tasks({})).find((t) => t.title === 'typed wip 1');
      const otherTask = await c().create_task({ title: 'typed fence' });
      const mine = await c().lock_files({ agent_id: worker, paths: ['typed/fence.ts'], task_id: workerTask?.key, reason: 'typed' });
      const token = mine.locks[0]?.fencing_token ?? 0;
      await c().release_files({ agent_id: worker, paths: ['typed/fence.ts'] });
      const theirs = await c().lock_files({ agent_id: other, paths: ['typed/fence.ts'], task_id: otherTask.key, reason: 'typed' });
      const held = theirs.locks[0];
      const hash = 'a'.repeat(64);
      await callerRejectsWith(c().report_write({ agent_id: worker, content_hashes: { 'typed/fence.ts': hash }, fencing_token: token }), 'LOCK_HELD', {
        message: new RegExp(
          `your lease on typed/fence.ts \\(fencing token ${token}\\) was released at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, and typed-gate-other holds it now for ${otherTask.key} \\(token ${held?.fencing_token}\\) until ${held?.expires_at}`,
        ),
      });
      await callerRejectsWith(c().report_write({ agent_id: worker, content_hashes: { 'typed/fence.ts': hash }, fencing_token: 999_999_999 }), 'LOCK_HELD', {
        message: /there is no lock with fencing token 999999999/,
      });
      await c().release_files({ agent_id: other, paths: ['typed/fence.ts'] });

      const short = await c().lock_files({ agent_id: worker, paths: ['typed/extend.ts'], ttl_seconds: 60 });
      const verified = await c().verify_write({ agent_id: worker, paths: ['typed/extend.ts'], auto_lock: true, lease_seconds: 3600 });
      assert.equal(verified.locks[0]?.lock_id, short.locks[0]?.lock_id, 'its own lock, extended');
      assert.ok((verified.locks[0]?.expires_at ?? '') > (short.locks[0]?.expires_at ?? 'z'), 'the lease is longer');
      await c().release_files({ agent_id: worker, paths: ['typed/extend.ts'] });

      await c().report_write({ agent_id: worker, content_hashes: { 'typed/other.ts': hash }, repository: { root_commit: 'c'.repeat(40) } });
      await callerRejectsWith(c().report_write({ agent_id: worker, content_hashes: { 'typed/other.ts': hash }, repository: { root_commit: 'd'.repeat(40) } }), 'CONFLICT', {
        message: /root commit cccccccccccc, first seen \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\)/,
      });

      const limiter = new RateLimiter('typed/limit', 1, 60);
      const database = env.coordinator.database;
      await limiter.take(database, 'typed_op', 'k');
      await assert.rejects(limiter.take(database, 'typed_op', 'k'), /typed_op: too many attempts — wait (59|60) s and try again/);
      await limiter.take(database, 'typed_op', 'another key');
    });

    it('the plan: objectives, key results and requirements by key, task links, a task\'s plan, coverage', async () => {
      await c().create_mission({ name: 'typed plan' });
      const objective = await c().create_objective({ title: 'typed objective', mission_id: 'typed plan' });
      assert.match(objective.key, /^O-\d+$/);
      assert.match(objective.created_at, ISO);
      assert.equal(objective.description, '');
      const kr = await c().add_key_result({ objective_id: objective.key, title: 'typed kr', target: 10, current: 2.5, unit: 'pages' });
      assert.deepEqual([kr.objective_id, kr.target, kr.current, kr.unit], [objective.objective_id, 10, 2.5, 'pages'], 'doubles read as numbers');
      const updated = await c().update_key_result({ key_result_id: kr.key, current: 4 });
      assert.deepEqual([updated.title, updated.target, updated.current, updated.unit], ['typed kr', 10, 4, 'pages'], 'omitted fields stay');
      assert.ok(updated.updated_at >= kr.updated_at);
      const requirement = await c().add_requirement({ key_result_id: kr.key, title: 'typed requirement' });
      assert.match(requirement.key, /^R-\d+$/);
      assert.deepEqual(requirement.task_ids, []);
      const task = await c().create_task({ title: 'typed planned task' });
      const linked = await c().link_task({ requirement_id: requirement.key, task_id: task.key });
      assert.deepEqual([linked.changed, linked.task_key, linked.requirement_key], [true, task.key, requirement.key]);
      assert.equal((await c().link_task({ requirement_id: requirement.key, task_id: task.key })).changed, false, 'linked once');
      const planned = await c().plan_task({ task_id: task.key, mission_id: 'typed plan' });
      assert.equal(planned.mission_id, objective.mission_id);
      assert.equal(planned.sprint_id, null, 'the sprint is left alone');
      const report = await c().get_coverage({ mission_id: 'typed plan' });
      assert.deepEqual(report.objectives.map((o) => o.key), [objective.key], 'only the mission\'s objectives');
      const [krCoverage] = report.objectives[0]?.key_results ?? [];
      assert.deepEqual([krCoverage?.current, krCoverage?.measured_percent], [4, 40]);
      assert.deepEqual(krCoverage?.requirements[0]?.tasks, [{ task_id: task.task_id, key: task.key, title: 'typed planned task', status: 'open' }]);
      assert.equal((await c().unlink_task({ requirement_id: requirement.key, task_id: task.key })).changed, true);
      assert.equal((await c().unlink_task({ requirement_id: requirement.key, task_id: task.key })).changed, false, 'unlinked once');
    });

    it('accounts, projects and credentials; the event log and the outbox lease', async () => {
      const auth = new AuthRepository();
      const database = env.coordinator.database;
      const log = env.coordinator.eventLog;
      await log.flush();
      const before = await log.lastSeq();
      const agent = await c().register_agent({ name: 'typed-token-agent', kind: 'claude-code' });
      const rollback = new Error('rolled back: the suite stays in local mode');
      const hash = Buffer.alloc(32, 7);
      await assert.rejects(
        database.transaction(async (sql) => {
          const id = await auth.insertAccount(sql, 'typed-admin', 'admin', 'scrypt$hash');
          assert.ok(id);
          assert.equal(await auth.insertAccount(sql, 'typed-admin', 'member', 'x'), null, 'a name is taken once');
          assert.equal(await auth.anyAccount(sql), true);
          assert.equal(await auth.insertProject(sql, 'typed-project'), true);
          assert.equal(await auth.insertProject(sql, 'typed-project'), false);
          assert.equal(await auth.projectExists(sql, 'typed-project'), true);
          assert.ok((await auth.listProjects(sql)).includes('typed-project'));
          await auth.addMember(sql, 'typed-project', id);
          await auth.addMember(sql, LOCAL_PROJECT, id);
          const account = await auth.accountById(sql, id);
          assert.deepEqual(account && { ...account, created_at: '' }, { account_id: id, name: 'typed-admin', role: 'admin', projects: [LOCAL_PROJECT, 'typed-project'], disabled: false, created_at: '' });
          assert.match(account?.created_at ?? '', ISO);
          assert.equal((await auth.accountByName(sql, 'typed-admin'))?.passwordHash, 'scrypt$hash');
          await auth.removeMember(sql, 'typed-project', id);
          assert.deepEqual((await auth.listAccounts(sql)).find((a) => a.name === 'typed-admin')?.projects, [LOCAL_PROJECT]);

          const sessionId = '00000000-0000-4000-8000-000000000001';
          const expiresAt = await auth.insertSession(sql, sessionId, hash, id, 12);
          assert.match(expiresAt, ISO);
          const session = await auth.liveCredential(sql, sessionId);
          assert.deepEqual(session && { ...session, secretHash: Buffer.from(session.secretHash).toString('hex') }, { kind: 'session', id: sessionId, secretHash: hash.toString('hex'), accountId: id }, 'the hash read back as the bytes stored');
          const tokenId = '00000000-0000-4000-8000-000000000002';
          await auth.replaceAgentToken(sql, tokenId, hash, agent.agent_id);
          const token = await auth.liveCredential(sql, tokenId);
          assert.deepEqual(token?.kind === 'agent' && [token.agentId, token.agentName, token.project], [agent.agent_id, 'typed-token-agent', LOCAL_PROJECT]);
          assert.equal(await auth.revokeAgentTokens(sql, agent.agent_id), 1);
          assert.equal(await auth.liveCredential(sql, tokenId), null, 'revoked');
          assert.equal(await auth.disableAccount(sql, id), 0);
          assert.equal((await auth.accountById(sql, id))?.disabled, true);
          assert.equal(await auth.liveCredential(sql, sessionId), null, 'a disabled account\'s session is dead');
          await auth.revokeCredential(sql, sessionId);

          const outbox = new OutboxRepository();
          const lease = await outbox.renewLease(sql, 'typed-replica', 5, null);
          assert.equal(typeof lease?.publishedSeq, 'number');
          assert.equal(typeof lease?.lastSeq, 'number');
          assert.equal(await outbox.renewLease(sql, 'another-replica', 5, null), null, 'held by typed-replica');
          await outbox.giveUpLease(sql, 'typed-replica', lease?.lastSeq ?? 0);
          assert.equal((await outbox.renewLease(sql, 'another-replica', 5, 1))?.publishedSeq, lease?.lastSeq, 'the watermark never goes back');
          throw rollback;
        }),
        (error) => error === rollback,
      );
      assert.equal(await auth.anyAccount(database), false, 'rolled back');

      await log.flush();
      const head = await log.lastSeq();
      assert.ok(Number.isSafeInteger(head) && head > before);
      const first = await log.firstRetainedSeq();
      assert.ok(first !== null && Number.isSafeInteger(first) && first <= before);
      const page = await listEventsAfter(database, before, 100);
      assert.deepEqual(page.map((e) => e.id), Array.from({ length: head - before }, (_, i) => before + 1 + i), 'numbered in order, no hole');
      for (const event of page) {
        assert.match(event.at, ISO);
        assert.equal(typeof event.type, 'string');
      }
      assert.deepEqual((await listProjectEventsAfter(database, LOCAL_PROJECT, before, 100)).map((e) => e.id), page.filter((e) => e.project === LOCAL_PROJECT || e.project === null).map((e) => e.id));
      assert.deepEqual(await listProjectEventsAfter(database, 'typed-nowhere', before, 100), page.filter((e) => e.project === null));
      const registered = page.find((e) => e.type === 'agent.registered');
      assert.equal(registered?.type === 'agent.registered' && registered.agent.name, 'typed-token-agent', 'the payload as appended');
    });
  });
}
