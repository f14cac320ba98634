/**
 * The planning side in a real VS Code: the Missions and Traceability views showing a plan that other
 * agents build over tRPC and MCP (coverage as percentages, updated live), the Approvals view holding a
 * lock a policy escalated until the user approves it from the extension, and the knowledge search box.
 * Runs after extension.test.ts (same workbench, same coordinator).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { Approval, KnowledgeEntry } from '@agent-coordinator/shared';
import type { AgentCoordinatorApi } from '../../../extension/src/api.ts';
import { coordinatorUrl, harness } from './harness-client.ts';
import { until } from '../../support/until.ts';

const EXTENSION_ID = 'agent-coordinator.agent-coordinator-vscode';
/** The body of a view pane by its title (what a person sees in that view). */
const pane = (title: string): string => `.pane:has(.pane-header[aria-label^="${title}"]) .pane-body`;

describe('Agent Coordinator planning views in a real VS Code', function () {
  this.timeout(60_000);
  let api: AgentCoordinatorApi;
  let other: TRPCClient<AppRouter>;

  before(async () => {
    const extension = vscode.extensions.getExtension<AgentCoordinatorApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await until('connected as the human', () => api.session.connection.status.kind === 'connected' && api.session.me, 30_000);
    other = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${coordinatorUrl()}/trpc` })] });
    await vscode.commands.executeCommand('workbench.view.extension.agentCoordinator');
    // Room for these views in the screenshots: a wider side bar, Agents and Locks folded.
    for (const view of ['Agents', 'Locks']) await harness.click(`.pane-header[aria-label^="${view}"][aria-expanded="true"]`).catch(() => undefined);
    const width = await harness.sidebarWidth(560);
    harness.log(`      side bar widened to ${width} px for the screenshots`);
  });

  it('shows a plan other agents build (tRPC and MCP) in the Missions and Traceability views, with coverage percentages that follow the work', async () => {
    const mission = await other.create_mission.mutate({ name: 'Checkout v2', description: 'A faster checkout' });
    const objective = await other.create_objective.mutate({ title: 'Faster checkout', mission_id: mission.mission_id });
    const kr = await other.add_key_result.mutate({ objective_id: objective.key, title: 'p95 below 200 ms', target: 200, current: 50, unit: 'ms' });
    const cache = await other.add_requirement.mutate({ key_result_id: kr.key, title: 'Cache prices' });
    await other.add_requirement.mutate({ key_result_id: kr.key, title: 'Batch database reads' });
    // Another agent, over MCP, creates the task in the mission and links it to the first requirement.
    const mcp = new Client({ name: 'e2e-planner', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${coordinatorUrl()}/mcp?toolsets=planning`)));
    let taskKey: string;
    try {
      await mcp.callTool({ name: 'register_agent', arguments: { name: 'planner-bot', kind: 'claude-code' } });
      const created = await mcp.callTool({ name: 'create_task', arguments: { title: 'Implement the price cache', mission_id: 'Checkout v2' } });
      assert.ok(!created.isError, JSON.stringify(created.content));
      const task = await until('the task in the state', () => api.session.state.tasks.find((t) => t.title === 'Implement the price cache'));
      taskKey = task.key;
      const linked = await mcp.callTool({ name: 'link_task', arguments: { requirement_id: cache.key, task_id: taskKey } });
      assert.ok(!linked.isError, JSON.stringify(linked.content));
    } finally {
      await mcp.close();
    }

    await vscode.commands.executeCommand('agentCoordinator.missions.focus');
    await harness.waitForText(pane('Missions'), 'Checkout v2', 10_000);
    await harness.waitForText(pane('Missions'), '0/1 done (0%)', 5_000);
    await harness.waitForText(pane('Tasks'), 'Checkout v2', 5_000); // the Tasks view names the mission too
    await vscode.commands.executeCommand('agentCoordinator.traceability.focus');
    await harness.waitForText(pane('Traceability'), '2 requirements · 50% covered · 0% done', 10_000);
    await harness.waitForText(pane('Traceability'), '50/200 ms (25%)', 5_000);
    await harness.waitForText(pane('Traceability'), 'no task yet', 5_000);

    // The work moves on: the views follow the events, no refresh.
    const bot = (await other.list_agents.query()).find((a) => a.name === 'planner-bot');
    assert.ok(bot);
    await other.claim_task.mutate({ task_id: taskKey, agent_id: bot.agent_id });
    await other.complete_task.mutate({ task_id: taskKey, agent_id: bot.agent_id, summary: 'cached' });
    await other.update_key_result.mutate({ key_result_id: kr.key, current: 150 });
    await harness.waitForText(pane('Traceability'), '2 requirements · 50% covered · 50% done', 10_000);
    await harness.waitForText(pane('Traceability'), '150/200 ms (75%)', 5_000);
    await harness.waitForText(pane('Missions'), '1/1 done (100%)', 10_000);
    await harness.screenshot('vscode-missions-traceability', '.part.sidebar');

    // The coverage in the view is the server's report.
    const report = await other.get_coverage.query({});
    const coverage = api.session.plan.state.coverage;
    assert.deepEqual(coverage?.totals, report.totals);
  });

  it('holds a lock an escalate policy protects in the Approvals view until the user approves it from the extension, which grants it', async () => {
    const carol = await other.register_agent.mutate({ name: 'carol', kind: 'human' });
    const bob = await other.register_agent.mutate({ name: 'bob', kind: 'claude-code' });
    await other.declare_policy.mutate({
      agent_id: carol.agent_id,
      policy: { name: 'protect-migrations', kind: 'lock_paths', paths: ['migrations/**'], outcome: 'escalate', message: 'schema changes need a human' },
    });
    try {
      const asked = await other.lock_files.mutate({ paths: ['migrations/001_init.sql'], agent_id: bob.agent_id, reason: 'add a column' });
      assert.equal(asked.granted, false);
      const approvalId = asked.pending_approval?.approval_id;
      assert.ok(approvalId, 'the policy escalated the lock');

      await vscode.commands.executeCommand('agentCoordinator.approvals.focus');
      await harness.waitForText(pane('Approvals'), 'lock migrations/001_init.sql (exclusive) for bob', 10_000);
      await harness.waitForText(pane('Approvals'), 'protect-migrations · bob', 5_000);
      await harness.screenshot('vscode-approvals', '.part.sidebar');

      const decided = await vscode.commands.executeCommand<Approval>('agentCoordinator.approveRequest', approvalId);
      assert.equal(decided.status, 'approved');
      assert.equal(decided.decided_by_name, 'e2e-human', 'approved as the human the extension registered');
      const check = (await other.check_files.query({ paths: ['migrations/001_init.sql'] })).files[0];
      assert.equal(check?.held_by, 'bob', 'approving applied the lock for its requester');
      await harness.waitForText(pane('Approvals'), 'Nothing waits for approval', 10_000);
      await until('the decision in the view state', () => api.session.plan.state.decidedApprovals.some((a) => a.approval_id === approvalId));
    } finally {
      await other.release_files.mutate({ paths: ['migrations/001_init.sql'], agent_id: bob.agent_id });
      await other.remove_policy.mutate({ name: 'protect-migrations', agent_id: carol.agent_id });
    }
  });

  it('finds a recorded entry from the knowledge search box and opens it', async () => {
    await other.add_knowledge.mutate({
      kind: 'decision',
      title: 'Conflict checks use the lock index',
      body: 'Lock conflicts are found through the index of held locks by fixed folders, never by scanning every lock.',
      tags: ['locks', 'performance'],
    });
    const opened = vscode.commands.executeCommand<KnowledgeEntry | undefined>('agentCoordinator.searchKnowledge', 'lock conflicts');
    await harness.waitForText('.quick-input-widget', 'Conflict checks use the lock index', 10_000);
    await harness.screenshot('vscode-knowledge-search', '.quick-input-widget');
    await harness.press('Enter');
    const entry = await opened;
    assert.equal(entry?.title, 'Conflict checks use the lock index');
    const editor = await until('the entry opened', () => vscode.window.activeTextEditor?.document.uri.scheme === 'agent-coordinator-knowledge' && vscode.window.activeTextEditor);
    assert.match(editor.document.getText(), /^# K-\d+ Conflict checks use the lock index/);
    assert.match(editor.document.getText(), /never by scanning every lock/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
