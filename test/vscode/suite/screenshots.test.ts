/**
 * The screenshot set of issue #18: every view and panel of the extension in a light and a dark theme
 * (Light Modern, Dark Modern), saved under test/artifacts/vscode/ as CI artifacts — the side bar's
 * views (Tasks, Agents with adapters and runs, Locks; Missions, Traceability, Approvals), the explorer's
 * lock badges, a held file open read-only, the task panel and the board panel. Also checks that the Tasks view shows more
 * than four rows with Agents open beside it. Runs last (same workbench and coordinator as the others).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { AgentCoordinatorApi } from '../../../extension/src/api.ts';
import { coordinatorUrl, harness } from './harness-client.ts';
import { until } from '../../support/until.ts';

const EXTENSION_ID = 'agent-coordinator.agent-coordinator-vscode';
const THEMES = [
  ['light', 'Default Light Modern'],
  ['dark', 'Default Dark Modern'],
] as const;
const header = (view: string, expanded: boolean): string => `.pane-header[aria-label^="${view}"][aria-expanded="${String(expanded)}"]`;
/** Opens or folds a view by clicking its header; nothing when it already is so. */
const expand = async (view: string): Promise<void> => {
  await harness.click(header(view, false), 1_000).catch(() => undefined);
};
const collapse = async (view: string): Promise<void> => {
  await harness.click(header(view, true), 1_000).catch(() => undefined);
};

describe('Agent Coordinator screenshot set (light and dark)', function () {
  this.timeout(120_000);
  let api: AgentCoordinatorApi;
  let carol = '';
  const other = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${coordinatorUrl()}/trpc` })] });
  const workspaceFile = (path: string): vscode.Uri => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no workspace folder');
    return vscode.Uri.joinPath(folder.uri, path);
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<AgentCoordinatorApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await until('connected as the human', () => api.session.connection.status.kind === 'connected' && api.session.me, 30_000);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows more than four task rows beside an open Agents view', async () => {
    const shooter = (await other.register_agent.mutate({ name: 'carol', kind: 'claude-code' })).agent_id;
    carol = shooter;
    for (let i = 1; i <= 8; i++) await other.create_task.mutate({ title: `Screenshot task ${i}`, priority: (['low', 'normal', 'high', 'critical'] as const)[i % 4] ?? 'normal' });
    await other.lock_files.mutate({ paths: ['src/alpha.ts'], agent_id: shooter, reason: 'screenshots' });
    await until('the tasks in the state', () => api.session.state.tasks.filter((t) => t.title.startsWith('Screenshot task')).length === 8);
    await vscode.commands.executeCommand('workbench.view.extension.agentCoordinator');
    for (const view of ['Missions', 'Traceability', 'Approvals', 'Locks']) await collapse(view);
    await expand('Tasks');
    await expand('Agents');
    // Task 7 is critical, so it is drawn at the top of Open whatever other suites left in the view (task 8 is low).
    await harness.waitForText('.pane-body', 'Screenshot task 7', 5_000);
    const rows = await harness.texts('.pane:has(.pane-header[aria-label^="Tasks"]) .monaco-list-row');
    harness.log(`      Tasks view rows visible beside Agents: ${rows.length}`);
    assert.ok(rows.length > 4, `the Tasks view shows ${rows.length} rows`);
  });

  it("shows in a task panel the task's history from the server's log, also steps from before it was opened", async () => {
    const task = api.session.state.tasks.find((t) => t.title === 'Screenshot task 3');
    assert.ok(task);
    await other.claim_task.mutate({ task_id: task.key, agent_id: carol });
    await until('the claim in the state', () => api.session.state.task(task.task_id)?.claimed_by === carol);
    await vscode.commands.executeCommand('agentCoordinator.openTask', task.key);
    await harness.webviewText('claimed by carol', 10_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  for (const [name, theme] of THEMES) {
    it(`saves every view and panel in the ${name} theme`, async () => {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const shot = async (what: string, selector: string): Promise<void> => {
        await harness.screenshot(`vscode/${what}-${name}`, selector);
      };

      await vscode.commands.executeCommand('workbench.view.extension.agentCoordinator');
      for (const view of ['Missions', 'Traceability', 'Approvals']) await collapse(view);
      for (const view of ['Tasks', 'Agents', 'Locks']) await expand(view);
      // The tree redraws in the new theme's colours; its rows may take a moment after the views unfold.
      await harness.waitForText('.pane-body', 'Screenshot task', 5_000).catch(() => harness.log('      (task rows not drawn yet for the screenshot)'));
      await shot('tasks-agents-locks', '.part.sidebar');
      for (const view of ['Tasks', 'Agents', 'Locks']) await collapse(view);
      for (const view of ['Missions', 'Traceability', 'Approvals']) await expand(view);
      await shot('missions-traceability-approvals', '.part.sidebar');
      for (const view of ['Missions', 'Traceability', 'Approvals']) await collapse(view);
      for (const view of ['Tasks', 'Agents']) await expand(view);

      // The board panel: the dashboard's board in the editor, in the theme's own colours.
      await vscode.commands.executeCommand('agentCoordinator.openBoard');
      await harness.webviewText('Screenshot task 8', 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the theme's variables reach the frame
      await shot('board-panel', '.part.editor');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await until('the board panel closed', () => !api.boardPanelOpen());

      await vscode.commands.executeCommand('workbench.view.explorer');
      await vscode.commands.executeCommand('revealInExplorer', workspaceFile('src/alpha.ts'));
      await shot('explorer-badges', '.part.sidebar');

      await vscode.window.showTextDocument(workspaceFile('src/alpha.ts'));
      await until('the held file read-only', () => api.heldFiles().readOnly.includes('src/alpha.ts'));
      await harness.waitForText('.codelens-decoration', 'Read-only', 10_000);
      await shot('held-file', '.part.editor');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      const task = api.session.state.tasks.find((t) => t.title === 'Screenshot task 3');
      assert.ok(task);
      await vscode.commands.executeCommand('agentCoordinator.openTask', task.key);
      await until('the task panel open', () => api.openTaskPanels().includes(task.key));
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the webview draws in its own frame
      await shot('task-panel', '.part.editor');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.commands.executeCommand('workbench.view.extension.agentCoordinator');
    });
  }
});
