/**
 * The extension inside a real VS Code (the code-server package's workbench, headless Chromium), against a
 * real coordinator: activation and its time, commands, the human's registration, the MCP server
 * definition, the task tree fed by another agent over MCP, explorer badges and their latency, the edit
 * warning, and the commands end to end. What a person sees is read from the DOM through the harness.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { AgentCoordinatorApi } from '../../../extension/src/api.ts';
import { coordinatorUrl, harness } from './harness-client.ts';
import { until } from '../../support/until.ts';
import { groupMembers } from '../../../server/src/modules/adapter/process-group.ts';

const EXTENSION_ID = 'agent-coordinator.agent-coordinator-vscode';
const FILES = ['alpha.ts', 'beta.ts', 'gamma.ts', 'delta.ts', 'epsilon.ts'];
const wall = (): number => performance.timeOrigin + performance.now();

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const percentile = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

describe('Agent Coordinator in a real VS Code', function () {
  this.timeout(60_000);
  let api: AgentCoordinatorApi;
  let other: TRPCClient<AppRouter>;
  let bobId = '';
  const root = (): vscode.Uri => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('no workspace folder');
    return folder.uri;
  };
  const file = (path: string): vscode.Uri => vscode.Uri.joinPath(root(), path);

  before(async () => {
    other = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${coordinatorUrl()}/trpc` })] });
    bobId = (await other.register_agent.mutate({ name: 'bob', kind: 'claude-code' })).agent_id;
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar'); // more room for the screenshots
  });

  /**
   * The bar is the extension's own cost: the CPU time of the extension host's main thread while the bundle
   * evaluates and `activate` runs. Wall time is reported beside it, with the load: this machine has two
   * cores and starts Chromium, code-server and a coordinator at the same moment, so wall time there
   * measures the machine as much as the extension (a CI run saw the same code take 380 ms of wall time at
   * a load where it takes 80 ms alone).
   */
  it('activates within 200 ms of CPU time, before connecting', async () => {
    const extension = vscode.extensions.getExtension<AgentCoordinatorApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    const { activateMs, activateCpuMs, moduleEvaluationMs, moduleEvaluationCpuMs } = api.activation;
    assert.ok(moduleEvaluationMs !== null && moduleEvaluationCpuMs !== null, 'the bundle stamps its evaluation (extension/scripts/build.ts)');
    await harness.metric('activate()', activateMs, 'ms');
    await harness.metric('module evaluation', moduleEvaluationMs, 'ms');
    await harness.metric('activation CPU', activateCpuMs + moduleEvaluationCpuMs, 'ms');
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    harness.log(
      `      activation: wall ${(activateMs + moduleEvaluationMs).toFixed(1)} ms (activate() ${activateMs.toFixed(1)} + module evaluation ${moduleEvaluationMs.toFixed(1)}), ` +
        `CPU ${(activateCpuMs + moduleEvaluationCpuMs).toFixed(1)} ms (${activateCpuMs.toFixed(1)} + ${moduleEvaluationCpuMs.toFixed(1)}), load ${load}`,
    );
    assert.ok(activateCpuMs + moduleEvaluationCpuMs <= 200, `activation took ${activateCpuMs} + ${moduleEvaluationCpuMs} ms of CPU`);
  });

  it('registers every command it contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = ((extension?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('connects and registers the user as a human principal that other agents see', async () => {
    await until('connected', () => api.session.connection.status.kind === 'connected');
    const me = await until('registered', () => api.session.me);
    assert.equal(me.kind, 'human');
    assert.equal(me.name, 'e2e-human');
    const agents = await other.list_agents.query();
    assert.ok(agents.some((a) => a.agent_id === me.agent_id && a.kind === 'human'));
    await harness.waitForText('.statusbar-item', 'Coordinator', 10_000);
  });

  it("offers the coordinator's MCP server to Copilot agent mode", async () => {
    assert.equal(api.mcpServerProviderRegistered, true);
    assert.deepEqual(api.mcpServerDefinitions(), [{ label: 'Agent Coordinator', uri: `${coordinatorUrl()}/mcp` }]);
    assert.deepEqual([...api.languageModelTools], ['get_next_task', 'lock_files', 'check_files', 'release_files', 'complete_task']);
    for (const name of api.languageModelTools) assert.ok(vscode.lm.tools.some((t) => t.name === name), `tool ${name} is registered`);
    // The workbench's own MCP server list (what Copilot's agent mode draws from) shows it.
    void vscode.commands.executeCommand('workbench.mcp.listServer');
    try {
      await harness.waitForText('.quick-input-widget', 'Agent Coordinator', 10_000);
      await harness.screenshot('vscode-mcp-servers', '.quick-input-widget');
    } finally {
      await harness.press('Escape');
    }
  });

  it('shows in the task tree a task another agent created through MCP', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.agentCoordinator');
    const mcp = new Client({ name: 'e2e-mcp-agent', version: '1.0.0' });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${coordinatorUrl()}/mcp`)));
    try {
      await mcp.callTool({ name: 'register_agent', arguments: { name: 'mcp-bot', kind: 'claude-code' } });
      const created = await mcp.callTool({ name: 'create_task', arguments: { title: 'Refactor the parser (via MCP)', files: ['src/beta.ts'], priority: 'high' } });
      assert.ok(!created.isError, JSON.stringify(created.content));
    } finally {
      await mcp.close();
    }
    await until('the task in the state', () => api.session.state.tasks.find((t) => t.title === 'Refactor the parser (via MCP)'));
    await harness.waitForText('.pane-body', 'Refactor the parser (via MCP)', 5_000);
    await harness.waitForText('.pane-body', 'mcp-bot', 5_000).catch(() => undefined); // the Agents view lists it too
    await harness.screenshot('vscode-tasks-view', '.part.sidebar');
  });

  it('badges a file locked by another agent within 1 s, and clears it on release (latency over 10 locks)', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('revealInExplorer', file('src/alpha.ts'));
    await until('explorer rows', async () => (await harness.decoration('alpha.ts')) !== null);
    const lockToBadge: number[] = [];
    const lockToEvent: number[] = [];
    const eventToPush: number[] = [];
    const pushToBadge: number[] = [];
    const releaseToClear: number[] = [];
    for (let i = 0; i < 10; i++) {
      const name = FILES[i % FILES.length] ?? 'alpha.ts';
      const path = `src/${name}`;
      const appear = await harness.watchBadge(name, true);
      const sent = wall();
      await other.lock_files.mutate({ paths: [path], agent_id: bobId });
      const shown = await harness.awaitWatch(appear, 1_000);
      lockToBadge.push(shown - sent);
      const event = api.recentEvents().findLast((e) => e.type === 'lock.acquired');
      const pushed = api.lastDecorationChangeAt();
      if (event && pushed >= event.receivedAt) {
        lockToEvent.push(event.receivedAt - sent);
        eventToPush.push(pushed - event.receivedAt);
        pushToBadge.push(shown - pushed);
      }
      if (i === 0) {
        const decoration = await harness.decoration(name);
        assert.equal(decoration?.badge, 'L');
        assert.match(decoration?.ariaLabel ?? '', /Locked by bob/);
        const folder = await harness.decoration('src');
        assert.equal(folder?.badge, '•', 'the folder is marked too');
      }
      const disappear = await harness.watchBadge(name, false);
      const released = wall();
      await other.release_files.mutate({ paths: [path], agent_id: bobId });
      releaseToClear.push((await harness.awaitWatch(disappear, 1_000)) - released);
    }
    const report = (label: string, xs: number[]): string => `${label}: median ${median(xs).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;
    harness.log(`      ${report('lock call → badge in the explorer', lockToBadge)}`);
    harness.log(`        ${report('lock call → event in the extension host', lockToEvent)}`);
    harness.log(`        ${report('event → decoration change pushed (the extension)', eventToPush)}`);
    harness.log(`        ${report('decoration change → badge drawn (VS Code)', pushToBadge)}`);
    harness.log(`      ${report('release call → badge gone', releaseToClear)}`);
    await harness.metric('lock→badge median', median(lockToBadge), 'ms', { samples: lockToBadge });
    await harness.metric('lock→event median', median(lockToEvent), 'ms', { samples: lockToEvent });
    await harness.metric('event→decoration pushed median', median(eventToPush), 'ms', { samples: eventToPush });
    await harness.metric('decoration pushed→badge median', median(pushToBadge), 'ms', { samples: pushToBadge });
    await harness.metric('release→clear median', median(releaseToClear), 'ms', { samples: releaseToClear });
    assert.ok(Math.max(...lockToBadge) < 1_000);
  });

  it('shows your own locks differently, and takes an explorer screenshot', async () => {
    const appear = await harness.watchBadge('alpha.ts', true);
    await other.lock_files.mutate({ paths: ['src/alpha.ts'], agent_id: bobId });
    await harness.awaitWatch(appear, 1_000);
    const mine = await harness.watchBadge('delta.ts', true);
    await vscode.commands.executeCommand('agentCoordinator.lockFile', file('src/delta.ts'));
    await harness.awaitWatch(mine, 2_000);
    assert.equal((await harness.decoration('delta.ts'))?.badge, 'Me');
    await harness.screenshot('vscode-explorer', '.part.sidebar');
    await vscode.commands.executeCommand('agentCoordinator.unlockFile', file('src/delta.ts'));
    await other.release_files.mutate({ paths: ['src/alpha.ts'], agent_id: bobId });
  });

  it('opens a file another agent holds read-only with the reason in the editor, writable the moment the lock goes (no reopening), read-only again when taken', async function () {
    this.timeout(120_000);
    const path = 'src/lib/zeta.ts';
    const uri = file(path);
    const closed: string[] = [];
    const watchClose = vscode.workspace.onDidCloseTextDocument((d) => closed.push(d.uri.toString()));
    const typeIntoEditor = async (text: string): Promise<void> => {
      await harness.click('.editor-instance .monaco-editor .view-lines');
      await harness.type(text);
    };
    try {
      await other.lock_files.mutate({ paths: [path], agent_id: bobId, reason: 'moving zeta' });
      await until('the lock in the state', () => api.session.state.locks.find((l) => l.path === path));
      const editor = await vscode.window.showTextDocument(uri);
      const original = editor.document.getText();
      await until('the editor read-only', () => api.heldFiles().readOnly.includes(path));
      // Said in the editor itself (a CodeLens above the first line) and in the status bar.
      await harness.waitForText('.codelens-decoration', 'Read-only: bob holds this file', 10_000);
      await harness.waitForText('.codelens-decoration', 'Ask to Release', 2_000);
      await harness.waitForText('.codelens-decoration', 'Edit Anyway', 2_000);
      await harness.waitForText('.statusbar-item', 'Read-only: bob', 10_000);
      await harness.screenshot('vscode-held-file-read-only');
      await typeIntoEditor('held');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(editor.document.getText(), original, 'typing does not reach the buffer of a held file');
      assert.equal(editor.document.isDirty, false);

      // Ask to Release, from the editor: bob's clients get a lock.release_requested event.
      const asked = await vscode.commands.executeCommand<{ requested: { holder: string }[] }>('agentCoordinator.askToRelease', uri);
      assert.deepEqual(asked?.requested.map((r) => r.holder), ['bob']);
      await vscode.commands.executeCommand('agentCoordinator.notifyWhenFree', uri);
      await vscode.commands.executeCommand('notifications.clearAll');

      await other.release_files.mutate({ paths: [path], agent_id: bobId });
      await until('writable again', () => !api.heldFiles().readOnly.includes(path));
      await vscode.commands.executeCommand('notifications.showList');
      // 10 s, as for the CodeLens: a fresh-clone CI run at load ~5 once missed one of these two at 5 s.
      await harness.waitForText('.notifications-center', `${path} is free now`, 10_000);
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('notifications.hideList');
      await typeIntoEditor('X');
      await until('the keystroke in the buffer', () => editor.document.getText().includes('X'));
      assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the same editor, not reopened');

      // Someone takes it again: read-only again, in place.
      await other.lock_files.mutate({ paths: [path], agent_id: bobId, reason: 'back again' });
      await until('read-only again', () => api.heldFiles().readOnly.includes(path));
      const before = editor.document.getText();
      await typeIntoEditor('Y');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(editor.document.getText(), before, 'no keystroke lands once the file is held again');

      // Edit Anyway lifts it for this lock, and is recorded.
      await vscode.commands.executeCommand('agentCoordinator.editAnyway', uri);
      await until('writable by choice', () => !api.heldFiles().readOnly.includes(path));
      await harness.waitForText('.statusbar-item', 'Editing held file: bob', 5_000);
      await typeIntoEditor('Z');
      await until('the chosen keystroke in the buffer', () => editor.document.getText().includes('Z'));
      assert.deepEqual(closed.filter((u) => u === uri.toString()), [], 'the document was never closed');
    } finally {
      watchClose.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await other.release_files.mutate({ paths: [path], agent_id: bobId });
    }
  });

  it('warns when you start editing a file another agent holds exclusively, asks the holder to release, and offers a release when asked', async () => {
    // With held files opening read-only (the default) the keystroke never lands; this is the warning for when that is off.
    await vscode.workspace.getConfiguration('agentCoordinator').update('openHeldFilesReadOnly', false, vscode.ConfigurationTarget.Workspace);
    await other.lock_files.mutate({ paths: ['src/epsilon.ts'], agent_id: bobId, reason: 'refactoring' });
    await until('the lock in the state', () => api.session.state.locks.find((l) => l.path === 'src/epsilon.ts'));
    const editor = await vscode.window.showTextDocument(file('src/epsilon.ts'));
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited\n'));
    // Toasts are not drawn while extension tests run; the notification centre lists the warning.
    await vscode.commands.executeCommand('notifications.showList');
    await harness.waitForText('.notifications-center', 'src/epsilon.ts is locked by bob', 5_000);
    await harness.screenshot('vscode-edit-warning');
    const asked = wall();
    await harness.click('.notifications-center .monaco-button:has-text("Ask to Release")');
    // The coordinator tells bob (every client of his) with a lock.release_requested event.
    const request = await until('the release request on the event stream', () =>
      api.recentEvents().findLast((e) => e.type === 'lock.release_requested' && e.receivedAt >= asked),
    );
    const sent = (await other.list_events.query({ after: request.id - 1, limit: 5 })).find((e) => e.id === request.id);
    assert.ok(sent?.type === 'lock.release_requested');
    assert.deepEqual([sent.holder, sent.paths, sent.requested_by], ['bob', ['src/epsilon.ts'], 'e2e-human']);
    assert.equal((await other.list_tasks.query({ assignee: bobId })).length, 0, 'no inbox task is created for it any more');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await other.release_files.mutate({ paths: ['src/epsilon.ts'], agent_id: bobId });
    await vscode.workspace.getConfiguration('agentCoordinator').update('openHeldFilesReadOnly', undefined, vscode.ConfigurationTarget.Workspace);

    // The other way round: bob asks for a file the user holds; one click releases it.
    await vscode.commands.executeCommand('agentCoordinator.lockFile', file('src/delta.ts'));
    await other.request_release.mutate({ paths: ['src/delta.ts'], agent_id: bobId, message: 'I need to fix the build' });
    await vscode.commands.executeCommand('notifications.showList'); // clearing the list closed it
    await harness.waitForText('.notifications-center', 'bob asks you to release src/delta.ts', 5_000);
    await harness.click('.notifications-center .monaco-button:text-is("Release")');
    await until('the lock released', async () => (await other.check_files.query({ paths: ['src/delta.ts'] })).files[0]?.locked === false);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('shows the inbox as toasts: a message from another agent, taken and marked read, answered with Reply in its thread', async () => {
    const me = api.session.me;
    assert.ok(me);
    await other.send_message.mutate({ to: me.agent_id, body: 'ready for review?', agent_id: bobId });
    await until('the message toast', () => api.inboxToasts().includes('bob: ready for review?'));
    await vscode.commands.executeCommand('notifications.showList');
    await harness.waitForText('.notifications-center', 'bob: ready for review?', 5_000);
    assert.ok((await harness.texts('.notifications-center .monaco-button')).includes('Reply'), 'the toast offers Reply');
    await harness.screenshot('vscode-inbox-toast', '.notifications-center');
    // Taking them marked them read: nothing is left unread for the user.
    const left = await api.session.api.get_notifications.mutate({ agent_id: me.agent_id });
    assert.deepEqual(left.notifications, []);
    // Reply answers in the same thread: bob's inbox gets it.
    await harness.click('.notifications-center .monaco-button:text-is("Reply")');
    await harness.waitForText('.quick-input-widget', 'ready for review?', 5_000);
    await harness.fill('.quick-input-widget input', 'yes, go ahead');
    await harness.press('Enter');
    const answer = await until('the reply in bob\'s inbox', async () => (await other.get_notifications.mutate({ agent_id: bobId })).notifications.find((n) => n.kind === 'message'));
    assert.equal(answer.body, 'yes, go ahead');
    assert.equal(answer.sender, 'e2e-human');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  });

  it('runs a task with an adapter (Run with…), shows adapter health and the live run in the Agents view, and cancels it', async function () {
    this.timeout(90_000);
    const task = await other.create_task.mutate({ title: 'Run me with an adapter', priority: 'low' });
    await until('the task in the state', () => api.session.state.task(task.task_id));
    await until('the adapters loaded', () => api.adapters().includes('command:e2e-wait'));
    type RunLike = { id: string; status: string; task_key: string };
    const run = await vscode.commands.executeCommand<RunLike>('agentCoordinator.runTaskWith', task.key, 'command:e2e-wait', { worktree: false });
    assert.ok(run, 'the run started');
    try {
      assert.equal(run.task_key, task.key);
      assert.equal((await other.get_task.query({ task_id: task.key })).status === 'open', false, 'the run claimed the task');
      // Room for the Agents view: Tasks folded while the run is looked at.
      await vscode.commands.executeCommand('workbench.view.extension.agentCoordinator');
      await harness.click('.pane-header[aria-label^="Tasks"][aria-expanded="true"]', 2_000).catch(() => undefined);
      await harness.click('.pane-header[aria-label^="Agents"][aria-expanded="false"]', 2_000).catch(() => undefined);
      try {
        await harness.waitForText('.pane-body', `${task.key} · command:e2e-wait`, 10_000).catch(async (error: unknown) => {
          harness.log(`      Agents rows: ${JSON.stringify(await harness.texts('.pane:has(.pane-header[aria-label^="Agents"]) .monaco-list-row'))}`);
          throw error;
        });
        await harness.screenshot('vscode-agents-runs', '.part.sidebar');
      } finally {
        await harness.click('.pane-header[aria-label^="Tasks"][aria-expanded="false"]', 2_000).catch(() => undefined);
      }
    } finally {
      const cancelled = await vscode.commands.executeCommand<RunLike>('agentCoordinator.cancelRun', run.id);
      assert.equal(cancelled?.status, 'cancelled');
    }
    await until('the run shown cancelled', () => api.runs().find((r) => r.id === run.id)?.status === 'cancelled');
    await until('the task back in the queue', async () => (await other.get_task.query({ task_id: task.key })).status === 'open');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('runs the task lifecycle, file locks and Connect Claude Code end to end', async () => {
    const run = async <T>(command: string, ...args: unknown[]): Promise<T> => await vscode.commands.executeCommand<T>(command, ...args);
    type TaskLike = { task_id: string; key: string; status: string; claimed_by: string | null };
    const me = api.session.me;
    assert.ok(me);

    const created = await run<TaskLike>('agentCoordinator.createTask', { title: 'Written from VS Code', description: 'e2e', priority: 'critical', files: ['src/gamma.ts'] });
    assert.equal((await other.get_task.query({ task_id: created.key })).title, 'Written from VS Code');

    const claimed = await run<TaskLike>('agentCoordinator.claimTask', created.key);
    assert.equal(claimed.task_id, created.task_id);
    assert.equal((await other.get_task.query({ task_id: created.key })).claimed_by, me.agent_id);
    const gamma = (await other.check_files.query({ paths: ['src/gamma.ts'] })).files[0];
    assert.equal(gamma?.held_by_id, me.agent_id, 'claiming locked the task files for the human');
    await harness.waitForText('.statusbar-item', created.key, 5_000);

    assert.equal((await run<TaskLike>('agentCoordinator.startTask', created.key)).status, 'in_progress');
    assert.equal((await run<TaskLike>('agentCoordinator.completeTask', created.key, 'done from the e2e suite')).status, 'done');
    assert.equal((await other.check_files.query({ paths: ['src/gamma.ts'] })).files[0]?.locked, false);

    await run('agentCoordinator.lockFile', file('src/delta.ts'));
    const delta = (await other.check_files.query({ paths: ['src/delta.ts'] })).files[0];
    assert.equal(delta?.held_by, 'e2e-human');
    const who = await run<{ files: { locked: boolean }[] }>('agentCoordinator.whoHolds', file('src/delta.ts'));
    assert.equal(who.files[0]?.locked, true);
    await run('agentCoordinator.unlockFile', file('src/delta.ts'));
    assert.equal((await other.check_files.query({ paths: ['src/delta.ts'] })).files[0]?.locked, false);

    await other.lock_files.mutate({ paths: ['src/epsilon.ts'], agent_id: bobId });
    const lock = await until('bob\'s lock', () => api.session.state.locks.find((l) => l.path === 'src/epsilon.ts'));
    await run('agentCoordinator.forceReleaseLock', lock.lock_id, true);
    assert.equal((await other.check_files.query({ paths: ['src/epsilon.ts'] })).files[0]?.locked, false);

    const mcpTask = api.session.state.tasks.find((t) => t.title === 'Refactor the parser (via MCP)');
    assert.ok(mcpTask);
    assert.equal((await run<TaskLike>('agentCoordinator.cancelTask', mcpTask.key, true)).status, 'cancelled');

    const config = vscode.workspace.getConfiguration('agentCoordinator');
    await config.update('cliCommand', 'agent-coordinator', vscode.ConfigurationTarget.Workspace);
    try {
      const connect = await run<{ files: { path: string; created: boolean }[] }>('agentCoordinator.connectClaudeCode', root(), true);
      assert.deepEqual(connect.files.map((f) => [f.path, f.created]), [
        ['.mcp.json', true],
        ['.claude/settings.json', true],
      ]);
    } finally {
      await config.update('cliCommand', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const written = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file('.mcp.json')))) as { mcpServers: Record<string, { url: string }> };
    assert.equal(written.mcpServers['agent-coordinator']?.url, `${coordinatorUrl()}/mcp`);
    // The same guard hooks `agent-coordinator install claude` writes (shared merge), pointed at this server.
    const settings = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file('.claude/settings.json')))) as {
      hooks: Record<string, { matcher: string; hooks: { command: string }[] }[]>;
    };
    assert.equal(settings.hooks['PreToolUse']?.[0]?.hooks[0]?.command, `agent-coordinator hook claude-pre-tool --url ${coordinatorUrl()}`);
    await until('the tree to show the finished task', () => api.session.state.task(created.key)?.status === 'done');
  });

  it('opens a task in a live panel: blockers, dependencies and files by key, history, and an action from the keyboard', async function () {
    this.timeout(90_000);
    const me = await until('registered', () => api.session.me);
    const dep = await other.create_task.mutate({ title: 'Panel: schema first', priority: 'low' });
    const task = await other.create_task.mutate({ title: 'Panel: wire the API', description: 'Shown in the task panel.', depends_on: [dep.key], files: ['src/beta.ts'], priority: 'high' });
    await until('both tasks in the state', () => api.session.state.task(task.key) && api.session.state.task(dep.key));
    try {
      await vscode.commands.executeCommand('agentCoordinator.openTask', task.key);
      await harness.webviewText('Panel: wire the API', 10_000);
      await harness.webviewText(`Blocked by ${dep.key}`);
      await harness.webviewText('src/beta.ts — not locked');
      await harness.webviewText('Shown in the task panel.');
      assert.deepEqual(api.openTaskPanels(), [task.key]);
      await harness.screenshot('vscode-task-panel-blocked');

      // Live: bob finishes the dependency; the panel offers Claim without reopening.
      await other.claim_task.mutate({ task_id: dep.key, agent_id: bobId });
      await other.complete_task.mutate({ task_id: dep.key, agent_id: bobId });
      await harness.webviewText(`${dep.key} Panel: schema first Done`, 10_000);
      await harness.webviewText('Claim');
      // From the keyboard: focus Claim, press Enter.
      await harness.webviewPress('Panel: wire the API', 'button[data-action="claim"]', 'Enter');
      await until('claimed by the user', async () => (await other.get_task.query({ task_id: task.key })).claimed_by === me.agent_id, 10_000);
      await harness.webviewText('src/beta.ts — Locked by you', 10_000);
      await harness.webviewText('claimed by you');
      await harness.screenshot('vscode-task-panel-claimed');

      // A dependency is a link to its own panel.
      await harness.webviewClick('Panel: wire the API', `button[data-open-task="${dep.key}"]`);
      await until('the dependency in a panel', () => api.openTaskPanels().includes(dep.key), 10_000);
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('agentCoordinator.releaseTask', task.key).then(undefined, () => undefined);
      await other.update_task.mutate({ task_id: task.key, status: 'cancelled' }).catch(() => undefined);
    }
  });

  it('lists the coordinator once after Connect Claude Code wrote .mcp.json (the provider steps back), and again from the provider when the file goes', async function () {
    this.timeout(60_000);
    const mcpJson = file('.mcp.json');
    assert.ok((await vscode.workspace.fs.readFile(mcpJson)).byteLength > 0, 'the previous test connected Claude Code');
    await until('the provider to step back for .mcp.json', () => api.mcpSteppedBackFor() === 'agent-coordinator', 10_000);
    assert.deepEqual(api.mcpServerDefinitions(), []);
    const coordinatorRows = async (): Promise<string[]> => (await harness.texts('.quick-input-widget .monaco-list-row')).filter((t) => !t.startsWith('Add Server') && /agent[- ]coordinator/i.test(t));
    try {
      void vscode.commands.executeCommand('workbench.mcp.listServer');
      await harness.waitForText('.quick-input-widget', 'agent-coordinator', 10_000);
      // VS Code collects servers with a short delay: the list must settle at one row for the coordinator.
      let rows: string[] = [];
      for (const stop = Date.now() + 10_000; Date.now() < stop; ) {
        rows = await coordinatorRows();
        if (rows.length === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      rows = await coordinatorRows();
      harness.log(`      MCP server list: ${JSON.stringify(await harness.texts('.quick-input-widget .monaco-list-row'))}`);
      assert.equal(rows.length, 1, `rows: ${JSON.stringify(rows)}`);
      assert.match(rows[0] ?? '', /\.mcp\.json/, 'the one listed is the .mcp.json entry');
      await harness.screenshot('vscode-mcp-servers-once', '.quick-input-widget');
    } finally {
      await harness.press('Escape');
    }
    await vscode.workspace.fs.delete(mcpJson);
    await until('the provider back', () => api.mcpServerDefinitions().length === 1, 10_000);
    assert.equal(api.mcpSteppedBackFor(), null);
  });

  it('starts a local coordinator when nothing answers at a loopback URL (autoStartLocalServer), and connects to it', async function () {
    this.timeout(120_000);
    const serverRoot = process.env['AC_SERVER_ROOT'];
    assert.ok(serverRoot, 'AC_SERVER_ROOT is set by the runner');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const dataDir = await mkdtemp(join(tmpdir(), 'ac-vscode-autostart-'));
    const config = vscode.workspace.getConfiguration('agentCoordinator');
    const previousUrl = config.get<string>('serverUrl');
    await config.update('localServerCommand', `"${process.execPath}" "${join(serverRoot, 'server', 'src', 'cli', 'main.ts')}" serve --data-dir "${dataDir}"`, vscode.ConfigurationTarget.Workspace);
    await config.update('autoStartLocalServer', true, vscode.ConfigurationTarget.Workspace);
    const url = `http://127.0.0.1:${port}`;
    try {
      await config.update('serverUrl', url, vscode.ConfigurationTarget.Workspace);
      await until('the extension to start the local coordinator and connect', () => api.session.serverUrl === url && api.session.connection.status.kind === 'connected' && api.session.me, 90_000);
      const start = api.lastLocalServerStart();
      assert.equal(start?.kind, 'started');
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const local = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc` })] });
      assert.ok((await local.list_agents.query()).some((a) => a.name === 'e2e-human' && a.kind === 'human'), 'the human is registered on the local coordinator');
    } finally {
      // Back to the suite's coordinator first: with auto-start still on, stopping the local one would start it again.
      await config.update('serverUrl', previousUrl, vscode.ConfigurationTarget.Workspace);
      await config.update('autoStartLocalServer', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('localServerCommand', undefined, vscode.ConfigurationTarget.Workspace);
      await until('reconnected to the suite coordinator', () => api.session.serverUrl === coordinatorUrl() && api.session.connection.status.kind === 'connected', 30_000);
      const start = api.lastLocalServerStart();
      if (start?.kind === 'started' && start.pid) {
        const pid = start.pid;
        assert.ok(await harness.killGroup(pid), `stopped the local coordinator (process group ${pid})`);
        await until('the local coordinator to stop', async () => !(await fetch(`${url}/healthz`).then((r) => r.ok, () => false)), 30_000);
        // Its HTTP server closes before its database does: the folder goes only once the process has exited
        // (a fresh-clone run removed it mid-shutdown and met ENOTEMPTY).
        await until('the local coordinator to exit', () => groupMembers(pid).length === 0, 30_000);
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
