/**
 * Projects keep the core apart, and agents belong to whoever registered them — through the services
 * themselves, on PGlite. A caller in beta meets alpha's tasks as unknown (by id and by key, with the same
 * message as an id that never existed) and never in a list, the board, a claim, the event log or stream
 * or a resync snapshot; the same path locked in both projects is two locks; the sweeper records each
 * event in its own project. An agent token acts only as its own agent, a member only as the agents they
 * registered, and an admin may act for anyone's agent — audited; a bad request in a batch fails alone.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CoordinatorError, CreateTaskInputSchema, ListEventsInputSchema, ListTasksInputSchema, LockFilesInputSchema, VerifyWriteInputSchema, type StreamMessage } from '@agent-coordinator/shared';
import { systemActor, type Actor } from '../../server/src/common/actor.ts';
import type { Coordinator, Services } from '../../server/src/coordinator.ts';
import { stateSnapshotReader } from '../../server/src/modules/event/state-snapshot.ts';
import { startTestCoordinator, type TestCoordinator } from '../support/coordinator.ts';
import { UNKNOWN_ID, failsWith, unknownLike } from '../support/errors.ts';
import { parsed } from '../support/parsed-input.ts';
import { until } from '../support/until.ts';
import { sqlText } from '../support/sql-text.ts';

const alpha = systemActor('alpha');
const beta = systemActor('beta');


const agentToken = (project: string, agentId: string): Actor => ({ project, role: 'agent', account: null, agentId });

describe('project isolation and agent ownership of tasks, claims, locks, board and events (services on pglite)', function () {
  let coordinator: TestCoordinator | null = null;
  let core: Coordinator;
  let s: Services;
  const accounts = { mia: randomUUID(), max: randomUUID(), root: randomUUID() };
  const mia: Actor = { project: 'alpha', role: 'member', account: { id: accounts.mia, name: 'mia' }, agentId: null };
  const max: Actor = { project: 'alpha', role: 'member', account: { id: accounts.max, name: 'max' }, agentId: null };
  const root: Actor = { project: 'alpha', role: 'admin', account: { id: accounts.root, name: 'root' }, agentId: null };
  let miaBot = '';
  let maxBot = '';
  let betaBot = '';
  /** Alpha's task, claimed by mia's bot with its file locked. */
  let claimed = { id: '', key: '' };
  const status = async (taskId: string): Promise<string> => String((await sqlText(core.database, `select status from tasks where id = $1`, [taskId]))[0]?.['status']);
  const locksOf = async (agentId: string): Promise<string[]> =>
    (await sqlText(core.database, `select path from file_locks where agent_id = $1 order by path`, [agentId])).map((r) => String(r['path']));

  before(async function () {
    this.timeout(120_000);
    coordinator = await startTestCoordinator('pglite');
    assert.ok(coordinator);
    core = coordinator.server.coordinator;
    s = core.services;
    await sqlText(core.database, `insert into projects (name) values ('alpha'), ('beta') on conflict do nothing`);
    for (const [name, id] of Object.entries(accounts)) {
      await sqlText(core.database, `insert into accounts (id, name, role, password_hash) values ($1, $2, $3, 'not a real hash')`, [id, name, name === 'root' ? 'admin' : 'member']);
    }
    miaBot = (await s.agents.registerAgent(mia, { name: 'mia-bot', kind: 'claude-code' })).agent_id;
    maxBot = (await s.agents.registerAgent(max, { name: 'max-bot', kind: 'claude-code' })).agent_id;
    // The same name in beta is another agent.
    betaBot = (await s.agents.registerAgent(beta, { name: 'mia-bot', kind: 'claude-code' })).agent_id;
    assert.notEqual(betaBot, miaBot);

    const task = await s.tasks.createTask(alpha, parsed(CreateTaskInputSchema, { title: 'alpha work', files: ['src/shared.ts'] }));
    claimed = { id: task.task_id, key: task.key };
    const got = await s.claims.claimTask(agentToken('alpha', miaBot), { task_id: task.key, agent_id: miaBot });
    assert.equal(got.task?.task_id, claimed.id);
    await s.locks.lockFiles(agentToken('alpha', miaBot), parsed(LockFilesInputSchema, { paths: ['docs/notes.md'], agent_id: miaBot }));
  });

  after(async () => {
    await coordinator?.close();
  });

  it("beta cannot get, change or claim alpha's task by id or key, and the task stays as it was", async () => {
    await unknownLike(s.tasks.getTask(beta, { task_id: claimed.id }), s.tasks.getTask(beta, { task_id: UNKNOWN_ID }), claimed.id);
    await failsWith(s.tasks.getTask(beta, { task_id: claimed.key }), 'NOT_FOUND');
    await unknownLike(
      s.tasks.updateTask(beta, { task_id: claimed.id, status: 'cancelled' }),
      s.tasks.updateTask(beta, { task_id: UNKNOWN_ID, status: 'cancelled' }),
      claimed.id,
    );
    await failsWith(s.tasks.updateTask(beta, { task_id: claimed.key, progress_note: 'hijacked' }), 'NOT_FOUND');
    await failsWith(s.tasks.completeTask(beta, { task_id: claimed.key }), 'NOT_FOUND');
    await failsWith(s.tasks.releaseTask(beta, { task_id: claimed.id }), 'NOT_FOUND');
    await failsWith(s.claims.claimTask(beta, { task_id: claimed.key, agent_id: betaBot }), 'NOT_FOUND');
    // Beta cannot make its tasks depend on alpha's either.
    await failsWith(s.tasks.createTask(beta, parsed(CreateTaskInputSchema, { title: 'depends on alpha', depends_on: [claimed.key] })), 'NOT_FOUND');
    // Nor name alpha's agent, even by a name beta's own agent does not have.
    await failsWith(s.tasks.createTask(beta, parsed(CreateTaskInputSchema, { title: 'for max', assignee: 'max-bot' })), 'NOT_FOUND');

    const task = await s.tasks.getTask(alpha, { task_id: claimed.key });
    assert.equal(task.status, 'claimed');
    assert.equal(task.claimed_by, miaBot);
    assert.equal(task.progress_note, null);
  });

  it("a claim offers only the seeker's project's tasks, and counts only its queue", async () => {
    const open = await s.tasks.createTask(alpha, parsed(CreateTaskInputSchema, { title: 'open alpha work' }));
    const next = await s.claims.getNextTask(beta, { agent_id: betaBot });
    assert.equal(next.task, null);
    assert.match(next.reason ?? '', /the queue is empty/);
    assert.equal(await status(open.task_id), 'open');
    await s.tasks.updateTask(alpha, { task_id: open.key, status: 'cancelled' });
  });

  it('locks are per project: the same path locked exclusively in alpha and in beta are both granted', async () => {
    const inBeta = await s.locks.lockFiles(beta, parsed(LockFilesInputSchema, { paths: ['src/shared.ts', 'docs/*.md'], agent_id: betaBot }));
    assert.equal(inBeta.granted, true, JSON.stringify(inBeta.conflicts));
    assert.deepEqual(await locksOf(miaBot), ['docs/notes.md', 'src/shared.ts']);
    // Each project sees its own holder only.
    const [betaFile] = (await s.locks.checkFiles(beta, { paths: ['src/shared.ts'] })).files;
    assert.equal(betaFile?.held_by_id, betaBot);
    assert.deepEqual(betaFile.locks.map((l) => l.held_by_id), [betaBot]);
    const [alphaFile] = (await s.locks.checkFiles(alpha, { paths: ['src/shared.ts'] })).files;
    assert.equal(alphaFile?.held_by_id, miaBot);
    assert.ok((await s.locks.listLocks(beta)).every((l) => l.held_by_id === betaBot));
    // Asking for a release asks beta's holders only.
    const betaOther = (await s.agents.registerAgent(beta, { name: 'beta-other', kind: 'claude-code' })).agent_id;
    const asked = await s.releaseRequests.requestRelease(beta, { paths: ['src/shared.ts'], agent_id: betaOther });
    assert.deepEqual(asked.requested.map((r) => r.holder_id), [betaBot]);
    // A guard write check in beta does not see alpha's lock either.
    const verdict = await s.guard.verifyWrite(beta, parsed(VerifyWriteInputSchema, { paths: ['docs/notes.md'], agent_id: betaOther }));
    assert.equal(verdict.files[0]?.verdict, 'held_by_other');
    assert.equal(verdict.files[0]?.conflicts[0]?.held_by_id, betaBot);
    await s.locks.releaseFiles(beta, { paths: ['src/shared.ts', 'docs/*.md'], agent_id: betaBot });
    assert.deepEqual(await locksOf(miaBot), ['docs/notes.md', 'src/shared.ts']);
  });

  it("beta's agents, board, task list, events and resync snapshot hold none of alpha's rows", async () => {
    const betaTask = await s.tasks.createTask(beta, parsed(CreateTaskInputSchema, { title: 'beta work' }));
    assert.deepEqual((await s.tasks.listTasks(beta, parsed(ListTasksInputSchema, {}))).map((t) => t.task_id), [betaTask.task_id]);
    assert.deepEqual((await s.agents.listAgents(beta)).map((a) => a.agent_id).sort(), [betaBot, (await s.agents.getAgent(beta, { agent_id: 'beta-other' })).agent_id].sort());
    await failsWith(s.agents.getAgent(beta, { agent_id: miaBot }), 'NOT_FOUND');

    const board = await s.board.getTaskBoard(beta);
    assert.ok(!board.agents.some((a) => a.agent_id === miaBot || a.agent_id === maxBot));
    assert.deepEqual(board.queue.map((t) => t.task_id), [betaTask.task_id]);
    assert.equal(board.tasks.claimed, 0);
    assert.equal(board.tasks.open, 1);
    assert.equal((await s.board.getTaskBoard(alpha)).tasks.claimed, 1);

    await core.eventLog.flush();
    const events = await s.events.listEvents(beta, parsed(ListEventsInputSchema, { limit: 1000 }));
    assert.ok(events.some((e) => e.type === 'task.created' && e.task.task_id === betaTask.task_id));
    assert.ok(events.every((e) => e.project === 'beta' || e.project === null), 'beta listed another project\'s event');
    assert.ok(!JSON.stringify(events).includes(claimed.id), "alpha's task leaked into beta's events");
    assert.ok((await s.events.listEvents(alpha, parsed(ListEventsInputSchema, { limit: 1000 }))).some((e) => e.type === 'task.claimed' && e.task.task_id === claimed.id));

    const snapshot = await stateSnapshotReader(core.database, s.board)(beta);
    assert.deepEqual(snapshot.active_tasks, []);
    assert.ok(snapshot.locks.every((l) => l.held_by_id !== miaBot));
    assert.ok(!snapshot.board.agents.some((a) => a.agent_id === miaBot));
  });

  it("beta's event stream carries beta's events only, and alpha's busy log is no gap to it", async () => {
    const stop = new AbortController();
    const seen: StreamMessage[] = [];
    const subscriptions = core.bus.subscriberCount;
    const reading = (async () => {
      for await (const message of s.events.subscribeEvents(beta, {}, stop.signal)) {
        seen.push(message);
        if (message.type === 'task.created' && message.task.title === 'beta after alpha') stop.abort();
      }
    })();
    await until('the stream held by the bus', () => core.bus.subscriberCount > subscriptions);
    await core.eventLog.flush();
    const before = await core.eventLog.lastSeq();
    for (let i = 0; i < 5; i++) await s.tasks.createTask(alpha, parsed(CreateTaskInputSchema, { title: `alpha noise ${i}` }));
    await s.tasks.createTask(beta, parsed(CreateTaskInputSchema, { title: 'beta after alpha' }));
    await Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error('beta never got its event')), 10_000))]);
    assert.deepEqual(
      seen.map((m) => m.type),
      ['task.created'],
      `beta's stream: ${JSON.stringify(seen.map((m) => m.type))}`,
    );
    const [first] = seen;
    assert.ok(first && first.type !== 'stream.resync');
    assert.equal(first.project, 'beta');
    assert.ok(first.id > before + 5, 'ids are server-wide: alpha numbered its events in between');

    // Resuming from before alpha's events replays beta's one: alpha's ids are skipped, not a lost stretch.
    const resume = new AbortController();
    const replayed: StreamMessage[] = [];
    for await (const message of s.events.subscribeEvents(beta, { lastEventId: before }, resume.signal)) {
      replayed.push(message);
      resume.abort();
    }
    assert.deepEqual(replayed.map((m) => (m.type === 'stream.resync' ? m.type : m.id)), [first.id]);
    // Alpha's noise is alpha's to finish; it must not be offered to later claims here.
    for (const task of await s.tasks.listTasks(alpha, parsed(ListTasksInputSchema, { status: 'open' }))) await s.tasks.updateTask(alpha, { task_id: task.task_id, status: 'cancelled' });
  });

  it("an agent token cannot complete, release or update another agent's task nor release its lock, and nothing changes", async () => {
    const asMax = agentToken('alpha', maxBot);
    const forbidden = /its own agent/;
    await failsWith(s.tasks.completeTask(asMax, { task_id: claimed.key, agent_id: miaBot }), 'FORBIDDEN', forbidden);
    await failsWith(s.tasks.updateTask(asMax, { task_id: claimed.key, agent_id: miaBot, status: 'in_progress' }), 'FORBIDDEN', forbidden);
    await failsWith(s.tasks.releaseTask(asMax, { task_id: claimed.key, agent_id: miaBot }), 'FORBIDDEN', forbidden);
    await failsWith(s.locks.releaseFiles(asMax, { paths: ['docs/notes.md'], agent_id: miaBot }), 'FORBIDDEN', forbidden);
    await failsWith(s.agents.heartbeat(asMax, { agent_id: miaBot }), 'FORBIDDEN', forbidden);
    // Naming no agent, a token acts as its own: that is not the claimer.
    await failsWith(s.tasks.completeTask(asMax, { task_id: claimed.key }), 'CONFLICT', /claimed by mia-bot/);
    // As itself it releases only what it holds: nothing.
    assert.deepEqual((await s.locks.releaseFiles(asMax, { paths: ['docs/notes.md'], agent_id: maxBot })).released, []);
    // A token resumes its own agent, never another's, and creates none.
    await s.agents.registerAgent(asMax, { name: 'max-bot', kind: 'claude-code' });
    await failsWith(s.agents.registerAgent(asMax, { name: 'mia-bot', kind: 'claude-code' }), 'FORBIDDEN');
    await failsWith(s.agents.registerAgent(asMax, { name: 'brand-new-bot', kind: 'claude-code' }), 'FORBIDDEN', /cannot register a new agent/);
    assert.equal((await sqlText(core.database, `select 1 from agents where name = 'brand-new-bot'`)).length, 0);

    assert.equal(await status(claimed.id), 'claimed');
    assert.deepEqual(await locksOf(miaBot), ['docs/notes.md', 'src/shared.ts']);
  });

  it('a batch of lock requests and claims refuses only the request that acts as someone else', async () => {
    const asMax = agentToken('alpha', maxBot);
    const [theirs, own] = await Promise.allSettled([
      s.locks.lockFiles(asMax, parsed(LockFilesInputSchema, { paths: ['batch/theirs.ts'], agent_id: miaBot })),
      // Naming no agent, a token acts as its own.
      s.locks.lockFiles(asMax, parsed(LockFilesInputSchema, { paths: ['batch/own.ts'] })),
    ]);
    assert.equal(theirs.status, 'rejected');
    assert.ok(theirs.status === 'rejected' && theirs.reason instanceof CoordinatorError && theirs.reason.code === 'FORBIDDEN');
    assert.ok(own.status === 'fulfilled' && own.value.granted);
    assert.deepEqual(await locksOf(maxBot), ['batch/own.ts']);

    const work = await s.tasks.createTask(alpha, parsed(CreateTaskInputSchema, { title: 'batch work' }));
    const [stolen, fair] = await Promise.allSettled([
      s.claims.claimTask(asMax, { task_id: work.key, agent_id: miaBot }),
      s.claims.claimTask(asMax, { task_id: work.key, agent_id: maxBot }),
    ]);
    assert.ok(stolen.status === 'rejected' && stolen.reason instanceof CoordinatorError && stolen.reason.code === 'FORBIDDEN');
    assert.ok(fair.status === 'fulfilled' && fair.value.task?.task_id === work.task_id);
    await s.tasks.completeTask(asMax, { task_id: work.key, agent_id: maxBot });
    await s.locks.releaseFiles(asMax, { paths: ['batch/own.ts'], agent_id: maxBot });
  });

  it("a member cannot act as another member's agent", async () => {
    await failsWith(s.tasks.completeTask(max, { task_id: claimed.key, agent_id: miaBot }), 'FORBIDDEN', /not one of your agents/);
    // Naming no agent on a claimed task is acting as its claimer.
    await failsWith(s.tasks.updateTask(max, { task_id: claimed.key, status: 'cancelled' }), 'FORBIDDEN');
    await failsWith(s.locks.releaseFiles(max, { paths: ['docs/notes.md'], agent_id: 'mia-bot' }), 'FORBIDDEN');
    await failsWith(s.locks.lockFiles(max, parsed(LockFilesInputSchema, { paths: ['x.md'], agent_id: miaBot })), 'FORBIDDEN');
    await failsWith(s.agents.registerAgent(max, { name: 'mia-bot', kind: 'claude-code' }), 'FORBIDDEN');
    // Mia herself may.
    await s.tasks.updateTask(mia, { task_id: claimed.key, agent_id: miaBot, progress_note: 'by mia' });
    assert.equal(await status(claimed.id), 'claimed');
    assert.deepEqual(await locksOf(miaBot), ['docs/notes.md', 'src/shared.ts']);
  });

  it("an admin may act as anyone's agent, and each override is an audit event in the project", async () => {
    await core.eventLog.flush();
    const from = await core.eventLog.lastSeq();
    const released = await s.locks.releaseFiles(root, { paths: ['docs/notes.md'], agent_id: miaBot });
    assert.deepEqual(released.released, ['docs/notes.md']);
    await s.tasks.completeTask(root, { task_id: claimed.key, agent_id: miaBot, summary: 'forced by root' });
    assert.equal(await status(claimed.id), 'done');
    assert.deepEqual(await locksOf(miaBot), []);
    // Acting as one's own agent is no override.
    const rootBot = (await s.agents.registerAgent(root, { name: 'root-bot', kind: 'claude-code' })).agent_id;
    await s.locks.lockFiles(root, parsed(LockFilesInputSchema, { paths: ['root.md'], agent_id: rootBot }));

    await core.eventLog.flush();
    const audits = (await s.events.listEvents(alpha, { after: from, limit: 1000 })).filter((e) => e.type === 'audit.admin_override');
    assert.deepEqual(
      audits.map((e) => (e.type === 'audit.admin_override' ? [e.account, e.agent_id, e.operation, e.project] : [])),
      [
        ['root', miaBot, 'release_files', 'alpha'],
        ['root', miaBot, 'complete_task', 'alpha'],
      ],
    );
    assert.ok(!(await s.events.listEvents(beta, { after: from, limit: 1000 })).some((e) => e.type === 'audit.admin_override'));
  });

  it('the sweeper works across projects and records each event in its own project', async () => {
    const sleeper = (await s.agents.registerAgent(beta, { name: 'sleeper', kind: 'claude-code' })).agent_id;
    await s.locks.lockFiles(beta, parsed(LockFilesInputSchema, { paths: ['sleepy.md'], agent_id: sleeper, ttl_seconds: 600 }));
    await core.eventLog.flush();
    const from = await core.eventLog.lastSeq();
    await sqlText(core.database, `update agents set last_heartbeat_at = now() - interval '1 hour' where id = $1`, [sleeper]);
    await core.sweeper.sweep();
    await core.eventLog.flush();
    const inBeta = await s.events.listEvents(beta, { after: from, limit: 1000 });
    assert.ok(inBeta.some((e) => e.type === 'agent.status_changed' && e.agent_id === sleeper && e.status === 'offline' && e.project === 'beta'));
    assert.ok(inBeta.some((e) => e.type === 'lock.released' && e.locks.some((l) => l.held_by_id === sleeper) && e.project === 'beta'));
    assert.ok(!(await s.events.listEvents(alpha, { after: from, limit: 1000 })).some((e) => JSON.stringify(e).includes(sleeper)));
  });
});
