/**
 * Projects keep their plans, policies, approvals and knowledge apart, on PGlite through the services
 * themselves: a caller in beta meets alpha's missions, sprints, objectives, key results, requirements,
 * approvals and knowledge entries as unknown (NOT_FOUND, the same message as for an id that never
 * existed) and never in a list, a coverage report or a search; a policy declared in alpha does not
 * stop anything in beta, while the policy file applies in every project; names are unique per project
 * only; and an agent token never decides an approval, even in its own project.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddKeyResultInputSchema,
  AddKnowledgeInputSchema,
  AddRequirementInputSchema,
  CreateMissionInputSchema,
  CreateObjectiveInputSchema,
  CreateSprintInputSchema,
  CreateTaskInputSchema,
  DeclarePolicyInputSchema,
  ListApprovalsInputSchema,
  ListAuditInputSchema,
  ListEventsInputSchema,
  ListKnowledgeInputSchema,
  LockFilesInputSchema,
} from '@agent-coordinator/shared';
import { systemActor, type Actor } from '../../server/src/common/actor.ts';
import type { Services } from '../../server/src/coordinator.ts';
import { startTestCoordinator, type TestCoordinator } from '../support/coordinator.ts';
import { UNKNOWN_ID, failsWith, unknownLike } from '../support/errors.ts';
import { parsed } from '../support/parsed-input.ts';
import { sqlText } from '../support/sql-text.ts';

const alpha = systemActor('alpha');
const beta = systemActor('beta');
/** The server operator's policy file: it applies in every project. */
const POLICY_FILE = `version: 1
policies:
  - name: infra-frozen
    kind: lock_paths
    paths: ["infra/**"]
    outcome: block
    message: infrastructure is frozen
`;


describe('project scoping of plans, policies, approvals and knowledge (services on pglite)', function () {
  let coordinator: TestCoordinator | null = null;
  let dir = '';
  let s: Services;
  // Alpha's plan, which beta must not reach.
  const a = {
    human: '',
    bot: '',
    missionId: '',
    sprintId: '',
    objectiveKey: '',
    objectiveId: '',
    keyResultKey: '',
    requirementKey: '',
    taskKey: '',
    knowledgeKey: '',
    knowledgeId: '',
  };
  let betaHuman = '';
  let betaBot = '';

  before(async function () {
    this.timeout(120_000);
    dir = await mkdtemp(join(tmpdir(), 'ac-scoping-'));
    await writeFile(join(dir, 'policies.yaml'), POLICY_FILE);
    coordinator = await startTestCoordinator('pglite', { policiesFile: join(dir, 'policies.yaml') });
    assert.ok(coordinator);
    s = coordinator.server.coordinator.services;
    await sqlText(coordinator.server.coordinator.database, `insert into projects (name) values ('alpha'), ('beta') on conflict do nothing`);

    a.human = (await s.agents.registerAgent(alpha, { name: 'alice', kind: 'human' })).agent_id;
    a.bot = (await s.agents.registerAgent(alpha, { name: 'bot', kind: 'claude-code' })).agent_id;
    betaHuman = (await s.agents.registerAgent(beta, { name: 'bea', kind: 'human' })).agent_id;
    // The same agent name in both projects: two different agents.
    betaBot = (await s.agents.registerAgent(beta, { name: 'bot', kind: 'claude-code' })).agent_id;
    assert.notEqual(betaBot, a.bot);

    a.missionId = (await s.missions.createMission(alpha, parsed(CreateMissionInputSchema, { name: 'Launch', description: 'alpha launch' }))).mission_id;
    a.sprintId = (await s.sprints.createSprint(alpha, parsed(CreateSprintInputSchema, { name: 'Sprint 1', goal: 'alpha sprint' }))).sprint_id;
    const objective = await s.planning.createObjective(alpha, parsed(CreateObjectiveInputSchema, { title: 'Ship alpha', mission_id: 'Launch' }));
    a.objectiveKey = objective.key;
    a.objectiveId = objective.objective_id;
    a.keyResultKey = (await s.planning.addKeyResult(alpha, parsed(AddKeyResultInputSchema, { objective_id: objective.key, title: 'users', target: 10 }))).key;
    a.requirementKey = (await s.planning.addRequirement(alpha, parsed(AddRequirementInputSchema, { key_result_id: a.keyResultKey, title: 'sign-up works' }))).key;
    a.taskKey = (await s.tasks.createTask(alpha, parsed(CreateTaskInputSchema, { title: 'Build the websocket reconnect backoff', mission_id: 'Launch' }))).key;
    await s.planning.linkTask(alpha, { requirement_id: a.requirementKey, task_id: a.taskKey });
    const entry = await s.knowledge.addKnowledge(alpha, parsed(AddKnowledgeInputSchema, {
      title: 'Websocket reconnect storms',
      body: 'Clients reconnecting all at once overload the server; add jittered exponential backoff.',
      tags: ['websocket'],
      tasks: [a.taskKey],
    }));
    a.knowledgeKey = entry.key;
    a.knowledgeId = entry.knowledge_id;
  });

  after(async () => {
    await coordinator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names are unique per project: beta has its own mission "Launch" and sprint "Sprint 1"', async () => {
    const mission = await s.missions.createMission(beta, parsed(CreateMissionInputSchema, { name: 'Launch', description: 'beta launch' }));
    const sprint = await s.sprints.createSprint(beta, parsed(CreateSprintInputSchema, { name: 'Sprint 1' }));
    assert.notEqual(mission.mission_id, a.missionId);
    assert.notEqual(sprint.sprint_id, a.sprintId);
    // By name each project reaches its own.
    assert.equal((await s.missions.getMission(beta, { mission_id: 'Launch' })).description, 'beta launch');
    assert.equal((await s.missions.getMission(alpha, { mission_id: 'Launch' })).description, 'alpha launch');
    assert.equal((await s.sprints.getSprint(beta, { sprint_id: 'Sprint 1' })).sprint_id, sprint.sprint_id);
    assert.equal((await s.sprints.getSprint(alpha, { sprint_id: 'Sprint 1' })).sprint_id, a.sprintId);
    // Still unique within a project.
    await failsWith(s.sprints.createSprint(beta, parsed(CreateSprintInputSchema, { name: 'Sprint 1' })), 'CONFLICT');
    await failsWith(s.missions.createMission(beta, parsed(CreateMissionInputSchema, { name: 'Launch' })), 'CONFLICT');
  });

  it("beta cannot see or change alpha's missions and sprints", async () => {
    await unknownLike(s.missions.getMission(beta, { mission_id: a.missionId }), s.missions.getMission(beta, { mission_id: UNKNOWN_ID }), a.missionId);
    await failsWith(s.missions.updateMission(beta, { mission_id: a.missionId, status: 'paused' }), 'NOT_FOUND');
    assert.ok(!(await s.missions.listMissions(beta)).some((m) => m.mission_id === a.missionId));
    await unknownLike(s.sprints.getSprint(beta, { sprint_id: a.sprintId }), s.sprints.getSprint(beta, { sprint_id: UNKNOWN_ID }), a.sprintId);
    await failsWith(s.sprints.updateSprint(beta, { sprint_id: a.sprintId, goal: 'hijacked' }), 'NOT_FOUND');
    assert.ok(!(await s.sprints.listSprints(beta)).some((sp) => sp.sprint_id === a.sprintId));
    // Alpha's are untouched.
    assert.equal((await s.missions.getMission(alpha, { mission_id: a.missionId })).status, 'active');
    assert.equal((await s.sprints.getSprint(alpha, { sprint_id: a.sprintId })).goal, 'alpha sprint');
  });

  it("beta cannot reach alpha's objectives, key results, requirements and tasks by id or key", async () => {
    await unknownLike(
      s.planning.addKeyResult(beta, parsed(AddKeyResultInputSchema, { objective_id: a.objectiveId, title: 'x', target: 1 })),
      s.planning.addKeyResult(beta, parsed(AddKeyResultInputSchema, { objective_id: UNKNOWN_ID, title: 'x', target: 1 })),
      a.objectiveId,
    );
    await failsWith(s.planning.addKeyResult(beta, parsed(AddKeyResultInputSchema, { objective_id: a.objectiveKey, title: 'x', target: 1 })), 'NOT_FOUND');
    await failsWith(s.planning.updateKeyResult(beta, { key_result_id: a.keyResultKey, current: 9 }), 'NOT_FOUND');
    await failsWith(s.planning.addRequirement(beta, parsed(AddRequirementInputSchema, { key_result_id: a.keyResultKey, title: 'x' })), 'NOT_FOUND');
    await failsWith(s.planning.linkTask(beta, { requirement_id: a.requirementKey, task_id: a.taskKey }), 'NOT_FOUND');
    await failsWith(s.planning.unlinkTask(beta, { requirement_id: a.requirementKey, task_id: a.taskKey }), 'NOT_FOUND');
    await failsWith(s.planning.createObjective(beta, parsed(CreateObjectiveInputSchema, { title: 'x', mission_id: a.missionId })), 'NOT_FOUND');

    // Beta's own requirement cannot take alpha's task; beta's task cannot go into alpha's sprint or mission.
    const objective = await s.planning.createObjective(beta, parsed(CreateObjectiveInputSchema, { title: 'Ship beta' }));
    const keyResult = await s.planning.addKeyResult(beta, parsed(AddKeyResultInputSchema, { objective_id: objective.key, title: 'users', target: 5 }));
    const requirement = await s.planning.addRequirement(beta, parsed(AddRequirementInputSchema, { key_result_id: keyResult.key, title: 'login works' }));
    await failsWith(s.planning.linkTask(beta, { requirement_id: requirement.key, task_id: a.taskKey }), 'NOT_FOUND');
    const betaTask = await s.tasks.createTask(beta, parsed(CreateTaskInputSchema, { title: 'beta login page' }));
    await failsWith(s.planning.planTask(beta, { task_id: a.taskKey, sprint_id: null }), 'NOT_FOUND');
    await failsWith(s.planning.planTask(beta, { task_id: betaTask.key, sprint_id: a.sprintId }), 'NOT_FOUND');
    await failsWith(s.planning.planTask(beta, { task_id: betaTask.key, mission_id: a.missionId }), 'NOT_FOUND');
    assert.equal((await s.planning.linkTask(beta, { requirement_id: requirement.key, task_id: betaTask.key })).changed, true);

    // Alpha's key result is as it was.
    const alphaReport = await s.planning.getCoverage(alpha, {});
    assert.deepEqual(alphaReport.objectives.map((o) => o.key), [a.objectiveKey]);
    assert.equal(alphaReport.objectives[0]?.key_results[0]?.current, 0);
    assert.deepEqual(alphaReport.objectives[0]?.key_results[0]?.requirements[0]?.tasks.map((t) => t.key), [a.taskKey]);
  });

  it("beta's coverage and traceability hold only beta's plan", async () => {
    const report = await s.planning.getCoverage(beta, {});
    assert.ok(report.objectives.length > 0);
    assert.ok(!report.objectives.some((o) => o.objective_id === a.objectiveId));
    const keys = report.objectives.flatMap((o) => o.key_results.flatMap((kr) => [kr.key, ...kr.requirements.flatMap((r) => [r.key, ...r.tasks.map((t) => t.key)])]));
    for (const theirs of [a.keyResultKey, a.requirementKey, a.taskKey]) assert.ok(!keys.includes(theirs), `${theirs} leaked into beta's coverage`);
    await failsWith(s.planning.getCoverage(beta, { mission_id: a.missionId }), 'NOT_FOUND');
  });

  it("beta cannot see, search, change or delete alpha's knowledge", async () => {
    await unknownLike(s.knowledge.getKnowledge(beta, { knowledge_id: a.knowledgeId }), s.knowledge.getKnowledge(beta, { knowledge_id: UNKNOWN_ID }), a.knowledgeId);
    await failsWith(s.knowledge.getKnowledge(beta, { knowledge_id: a.knowledgeKey }), 'NOT_FOUND');
    await failsWith(s.knowledge.updateKnowledge(beta, { knowledge_id: a.knowledgeKey, title: 'hijacked' }), 'NOT_FOUND');
    await failsWith(s.knowledge.deleteKnowledge(beta, { knowledge_id: a.knowledgeKey }), 'NOT_FOUND');
    // Linking alpha's task from beta names an unknown task.
    await failsWith(s.knowledge.addKnowledge(beta, parsed(AddKnowledgeInputSchema, { title: 'x', body: 'y', tasks: [a.taskKey] })), 'NOT_FOUND');
    await failsWith(s.knowledge.listKnowledge(beta, parsed(ListKnowledgeInputSchema, { task: a.taskKey })), 'NOT_FOUND');

    await s.knowledge.addKnowledge(beta, parsed(AddKnowledgeInputSchema, { title: 'Database vacuum schedule', body: 'Run vacuum analyze nightly on the events table.' }));
    assert.ok(!(await s.knowledge.listKnowledge(beta, parsed(ListKnowledgeInputSchema, {}))).some((e) => e.knowledge_id === a.knowledgeId));
    for (const mode of ['keyword', 'hybrid', 'semantic'] as const) {
      const found = await s.knowledge.searchKnowledge(beta, { query: 'websocket reconnect storms backoff', mode, k: 10 });
      assert.ok(!found.results.some((h) => h.entry.knowledge_id === a.knowledgeId), `alpha's entry found by beta's ${mode} search`);
      const own = await s.knowledge.searchKnowledge(alpha, { query: 'websocket reconnect storms backoff', mode, k: 10 });
      assert.equal(own.results[0]?.entry.knowledge_id, a.knowledgeId, `alpha's ${mode} search`);
    }
    assert.equal((await s.knowledge.getKnowledge(alpha, { knowledge_id: a.knowledgeKey })).title, 'Websocket reconnect storms');
  });

  it("duplicate advice compares a new task with its own project's tasks only", async () => {
    const title = 'Build the websocket reconnect backoff';
    const inBeta = await s.tasks.createTask(beta, parsed(CreateTaskInputSchema, { title }));
    assert.equal(inBeta.warnings, undefined, `beta was warned about alpha's task: ${String(inBeta.warnings)}`);
    const inAlpha = await s.tasks.createTask(alpha, parsed(CreateTaskInputSchema, { title }));
    assert.ok(inAlpha.warnings?.some((w) => w.includes(a.taskKey)), `no duplicate warning in alpha: ${String(inAlpha.warnings)}`);
  });

  it('an API policy declared in alpha applies in alpha only, and beta does not see it', async () => {
    await s.policies.declarePolicy(alpha, parsed(DeclarePolicyInputSchema, { agent_id: a.human, policy: { name: 'no-secrets', kind: 'lock_paths', paths: ['secrets/**'], outcome: 'block' } }));
    try {
      await failsWith(s.locks.lockFiles(alpha, parsed(LockFilesInputSchema, { agent_id: a.bot, paths: ['secrets/alpha.env'] })), 'POLICY_DENIED', /no-secrets/);
      const granted = await s.locks.lockFiles(beta, parsed(LockFilesInputSchema, { agent_id: betaBot, paths: ['secrets/beta.env'] }));
      assert.equal(granted.granted, true);
      assert.equal(granted.warnings, undefined);

      const apiPolicies = async (actor: Actor) => (await s.policies.listPolicies(actor)).policies.filter((p) => p.source === 'api').map((p) => p.policy.name);
      assert.deepEqual(await apiPolicies(alpha), ['no-secrets']);
      assert.deepEqual(await apiPolicies(beta), []);
      assert.ok((await s.policies.getAuditTrail(alpha, parsed(ListAuditInputSchema, {}))).some((e) => e.policy === 'no-secrets'));
      assert.ok(!(await s.policies.getAuditTrail(beta, parsed(ListAuditInputSchema, {}))).some((e) => e.policy === 'no-secrets'));
      // Beta may use the same name for a policy of its own, and cannot remove alpha's.
      assert.deepEqual(await s.policies.removePolicy(beta, { agent_id: betaHuman, name: 'no-secrets' }), { removed: false });
      await s.policies.declarePolicy(beta, parsed(DeclarePolicyInputSchema, { agent_id: betaHuman, policy: { name: 'no-secrets', kind: 'lock_paths', paths: ['vault/**'], outcome: 'block' } }));
      await failsWith(s.locks.lockFiles(beta, parsed(LockFilesInputSchema, { agent_id: betaBot, paths: ['vault/key'] })), 'POLICY_DENIED');
      assert.equal((await s.locks.lockFiles(alpha, parsed(LockFilesInputSchema, { agent_id: a.bot, paths: ['vault/key'] }))).granted, true);
      await s.policies.removePolicy(beta, { agent_id: betaHuman, name: 'no-secrets' });
    } finally {
      await s.policies.removePolicy(alpha, { agent_id: a.human, name: 'no-secrets' });
    }
  });

  it('the policy file applies in every project, and its news reaches every project', async () => {
    for (const [actor, bot] of [[alpha, a.bot], [beta, betaBot]] as const) {
      await failsWith(s.locks.lockFiles(actor, parsed(LockFilesInputSchema, { agent_id: bot, paths: [`infra/${actor.project}.tf`] })), 'POLICY_DENIED', /infra-frozen: infrastructure is frozen/);
      const listed = await s.policies.listPolicies(actor);
      assert.deepEqual(listed.policies.filter((p) => p.source === 'file').map((p) => p.policy.name), ['infra-frozen']);
      assert.equal(listed.file.policy_count, 1);
      // Each project's audit trail has its own refusal only.
      const audit = (await s.policies.getAuditTrail(actor, parsed(ListAuditInputSchema, { policy: 'infra-frozen' }))).map((e) => e.paths);
      assert.deepEqual(audit, [[`infra/${actor.project}.tf`]]);
      const events = await s.events.listEvents(actor, parsed(ListEventsInputSchema, { limit: 1000 }));
      assert.ok(events.some((e) => e.type === 'policy.changed' && e.source === 'file' && e.project === null), `${actor.project} missed the file's policy.changed`);
    }
    // A project cannot declare a policy under a file policy's name.
    await failsWith(s.policies.declarePolicy(beta, parsed(DeclarePolicyInputSchema, { agent_id: betaHuman, policy: { name: 'infra-frozen', kind: 'lock_paths', paths: ['x/**'] } })), 'CONFLICT');
  });

  it("approvals are listed and decided within their project; an agent token cannot decide one", async () => {
    await s.policies.declarePolicy(alpha, parsed(DeclarePolicyInputSchema, { agent_id: a.human, policy: { name: 'review-migrations', kind: 'lock_paths', paths: ['migrations/**'] } }));
    try {
      const escalated = await s.locks.lockFiles(alpha, parsed(LockFilesInputSchema, { agent_id: a.bot, paths: ['migrations/001.sql'] }));
      const approvalId = escalated.pending_approval?.approval_id;
      assert.ok(approvalId, 'expected the lock to be escalated');
      // The same lock in beta is not escalated: alpha's policy is alpha's.
      assert.equal((await s.locks.lockFiles(beta, parsed(LockFilesInputSchema, { agent_id: betaBot, paths: ['migrations/001.sql'] }))).granted, true);
      await s.locks.releaseFiles(beta, { agent_id: betaBot, paths: ['migrations/001.sql'] });

      assert.ok((await s.approvals.listApprovals(alpha, parsed(ListApprovalsInputSchema, {}))).some((ap) => ap.approval_id === approvalId));
      assert.deepEqual(await s.approvals.listApprovals(beta, parsed(ListApprovalsInputSchema, {})), []);
      await unknownLike(s.approvals.getApproval(beta, { approval_id: approvalId }), s.approvals.getApproval(beta, { approval_id: UNKNOWN_ID }), approvalId);
      await failsWith(s.approvals.approveRequest(beta, { approval_id: approvalId, agent_id: betaHuman }), 'NOT_FOUND');
      await failsWith(s.approvals.rejectRequest(beta, { approval_id: approvalId, agent_id: betaHuman }), 'NOT_FOUND');
      assert.ok(!(await s.policies.getAuditTrail(beta, parsed(ListAuditInputSchema, {}))).some((e) => e.approval_id === approvalId));

      // An agent token of alpha, even naming alpha's human, does not decide.
      const token: Actor = { project: 'alpha', role: 'agent', account: null, agentId: a.human };
      await failsWith(s.approvals.approveRequest(token, { approval_id: approvalId, agent_id: a.human }), 'FORBIDDEN', /approvals need a human/);
      await failsWith(s.approvals.rejectRequest(token, { approval_id: approvalId, agent_id: a.human }), 'FORBIDDEN', /approvals need a human/);
      const botToken: Actor = { project: 'alpha', role: 'agent', account: null, agentId: a.bot };
      await failsWith(s.approvals.approveRequest(botToken, { approval_id: approvalId, agent_id: a.bot }), 'FORBIDDEN', /approvals need a human/);
      assert.equal((await s.approvals.getApproval(alpha, { approval_id: approvalId })).status, 'pending');

      // Alpha's human decides it, in alpha.
      const approved = await s.approvals.approveRequest(alpha, { approval_id: approvalId, agent_id: a.human });
      assert.equal(approved.status, 'approved');
      assert.ok((await s.locks.listLocks(alpha, { agent_id: a.bot })).some((l) => l.path === 'migrations/001.sql'));
    } finally {
      await s.policies.removePolicy(alpha, { agent_id: a.human, name: 'review-migrations' });
    }
  });
});
