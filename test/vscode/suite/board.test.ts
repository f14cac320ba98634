/**
 * The board in an editor panel (issue #18): Open Board shows the dashboard's own board (its /embed/
 * bundle, loaded from the coordinator) in a webview whose calls and events go through the extension. Read
 * from what the webview really drew (the harness reads its frame): existing tasks, a task another agent
 * creates appearing without a reload, the same after the window reconnects, one panel only, and a card
 * opening the extension's task panel.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { AgentCoordinatorApi } from '../../../extension/src/api.ts';
import { coordinatorUrl, harness } from './harness-client.ts';
import { until } from '../../support/until.ts';

const EXTENSION_ID = 'agent-coordinator.agent-coordinator-vscode';

const boardTabs = (): number =>
  vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('agentCoordinator.board')).length;

describe('The board in an editor panel', function () {
  this.timeout(90_000);
  let api: AgentCoordinatorApi;
  const other = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${coordinatorUrl()}/trpc` })] });

  before(async () => {
    const extension = vscode.extensions.getExtension<AgentCoordinatorApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await until('connected', () => api.session.connection.status.kind === 'connected', 30_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the existing tasks, then a task created through the API without a reload, also after a reconnect', async () => {
    const existing = await other.create_task.mutate({ title: 'Board panel: existing card', priority: 'high' });
    await vscode.commands.executeCommand('agentCoordinator.openBoard');
    assert.equal(api.boardPanelOpen(), true);
    const opened = performance.now();
    await harness.webviewText(`${existing.key}`, 20_000);
    await harness.webviewText('Board panel: existing card', 5_000);
    await harness.metric('board panel: open → existing card drawn', performance.now() - opened, 'ms');
    await harness.webviewText('Live', 10_000);

    const started = performance.now();
    await other.create_task.mutate({ title: 'Board panel: created while open' });
    await harness.webviewText('Board panel: created while open', 10_000);
    const liveMs = performance.now() - started;
    await harness.metric('board panel: task created → card drawn', liveMs, 'ms');
    harness.log(`      board panel: a task created through the API was drawn ${liveMs.toFixed(0)} ms later`);
    await harness.screenshot('vscode/board-panel-live');

    // The window reconnects; the panel follows it (no token or connection of its own) and stays live.
    await vscode.commands.executeCommand('agentCoordinator.reconnect');
    await until('reconnected', () => api.session.connection.status.kind === 'connected', 20_000);
    await other.create_task.mutate({ title: 'Board panel: created after the reconnect' });
    await harness.webviewText('Board panel: created after the reconnect', 10_000);

    // Open Board again reveals the same panel.
    await vscode.commands.executeCommand('agentCoordinator.openBoard');
    assert.equal(boardTabs(), 1);
  });

  it("opens a card's task in the extension's own task panel, and closes cleanly", async () => {
    const task = await until('the task in the state', () => api.session.state.tasks.find((t) => t.title === 'Board panel: created while open'));
    await harness.webviewClick('Board panel: created while open', `a[data-key="${task.key}"]`);
    await until('the task panel open', () => api.openTaskPanels().includes(task.key), 10_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the board panel closed', () => !api.boardPanelOpen(), 5_000);
    assert.equal(boardTabs(), 0);
  });
});
