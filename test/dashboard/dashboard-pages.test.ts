/**
 * The dashboard's Plan, Policies, Locks-tree and Agents (adapters, runs) pages in real Chromium against a
 * real coordinator (embedded PGlite, local mode) with a policy file and a git repository whose adapters
 * file configures command adapters: each page renders live data and follows changes without a reload
 * (a run's output too: its log's end, then live lines);
 * folders and pages work from the keyboard; axe finds no serious or critical violation on the new pages
 * in light and dark, with screenshots of them populated at laptop and phone width.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { useCoordinator, type Client } from '../support/coordinator.ts';
import { httpClient, type McpTestClient } from '../mcp/mcp-client.ts';
import { makeRepository } from '../adapter/support/run-repository.ts';
import { launch, requireBrowserAndBuild, screenshot, seriousViolations } from './dashboard-support.ts';

const GOOD = 'version: 1\npolicies:\n  - name: file-guard\n    kind: lock_paths\n    paths: ["infra/**"]\n    message: infra needs a human\n';
const BROKEN = 'version: 1\npolicies:\n  - name: file-guard\n    kind: lock_paths\n    paths: ["infra/**"]\n  - name: bad-limit\n    kind: max_active_tasks\n    limit: lots\n';

describe('dashboard pages (plan, policies, locks tree, agents) in Chromium on pglite', function () {
  this.timeout(120_000);
  const repo = makeRepository();
  const goFile = join(repo, '.agent-coordinator', 'go');
  addChattyAdapter(repo, goFile);
  const policyDir = mkdtempSync(join(tmpdir(), 'ac-dash-policies-'));
  const policyFile = join(policyDir, 'policies.yaml');
  writeFileSync(policyFile, GOOD);
  const env = useCoordinator('pglite', { repoRoot: repo, policiesFile: policyFile, adapterHealthSeconds: 3600 });
  let browser: Browser;
  let page: Page;
  let c: Client;
  const mcp: McpTestClient[] = [];
  const agent = async (name: string): Promise<McpTestClient> => {
    const client = await httpClient(env.url, name).connect();
    mcp.push(client);
    await client.call('register_agent', { name, kind: 'claude-code' });
    return client;
  };

  before(async function () {
    requireBrowserAndBuild(this);
    browser = await launch();
    c = env.client();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true })).newPage();
  });
  afterEach(async () => {
    await page.context().close();
    await Promise.allSettled(mcp.splice(0).map((m) => m.close()));
  });
  after(async () => {
    await browser?.close();
    rmSync(repo, { recursive: true, force: true });
    rmSync(policyDir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<void> => {
    await page.goto(`${env.url}${path}`);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
  };

  it('Plan: objectives → key results → requirements → tasks with coverage, missions and sprints, live', async () => {
    const mission = await c.missions.create.mutate({ name: 'dash-launch', description: 'ship the dashboard' });
    const sprint = await c.sprints.create.mutate({ name: 'dash-sprint-1', goal: 'plan page', starts_at: '2026-12-01', ends_at: '2026-12-14' });
    const objective = await c.planning.createObjective.mutate({ title: 'Humans see the plan', mission_id: mission.mission_id });
    const kr = await c.planning.addKeyResult.mutate({ objective_id: objective.key, title: 'Pages shipped', target: 8, current: 6, unit: 'pages' });
    const requirement = await c.planning.addRequirement.mutate({ key_result_id: kr.key, title: 'A plan page' });
    const task = await c.tasks.create.mutate({ title: 'Build the plan page' });
    await c.planning.planTask.mutate({ task_id: task.key, mission_id: mission.mission_id, sprint_id: sprint.sprint_id });

    await open('/plan');
    const item = page.locator(`[data-requirement="${requirement.key}"]`);
    await item.getByText('no task covers it').waitFor({ timeout: 5_000 });
    await page.locator(`[data-key-result="${kr.key}"]`).getByText('6 / 8 pages').waitFor();
    await page.locator('[data-mission="dash-launch"]').getByText('1 open · 0 active · 0 done').waitFor();
    await page.locator('[data-sprint="dash-sprint-1"]').getByText('2026-12-01 → 2026-12-14').waitFor();

    // Linked and then finished by others: the page follows without a reload.
    await c.planning.linkTask.mutate({ requirement_id: requirement.key, task_id: task.key });
    await item.getByRole('link', { name: task.key }).waitFor({ timeout: 3_000 });
    await item.getByText('0/1 done').waitFor();
    await c.tasks.update.mutate({ task_id: task.key, status: 'cancelled' });
    await page.locator('[data-mission="dash-launch"]').getByText('1 failed or cancelled').waitFor({ timeout: 3_000 });

    // The mission filter narrows the tree to that mission's objectives.
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Mission').selectOption({ label: 'dash-launch' });
    await page.locator(`[data-objective="${objective.key}"]`).waitFor();
  });

  it('Policies: the effective set with its sources, and the policy file rejected with line and field, live', async () => {
    const human = (await c.agents.register.mutate({ name: 'dash-policy-human', kind: 'human' })).agent_id;
    await open('/policies');
    const fileRow = page.locator('[data-policy="file-guard"]');
    await fileRow.waitFor({ timeout: 5_000 });
    assert.match((await fileRow.textContent()) ?? '', /infra\/\*\*.*escalate.*policy file.*in force/s);
    await page.getByText(`${policyFile}:`).waitFor();

    // An API policy declared by a human arrives live, beside the file's.
    await c.policies.declare.mutate({ agent_id: human, policy: { name: 'one-at-a-time', kind: 'max_active_tasks', limit: 1 } });
    const apiRow = page.locator('[data-policy="one-at-a-time"]');
    await apiRow.getByText('declared (API)').waitFor({ timeout: 3_000 });
    assert.match((await apiRow.textContent()) ?? '', /at most 1 active tasks per agent.*block.*everything/s);

    // A broken rewrite: the errors with line and field; the previous set stays in force.
    writeFileSync(policyFile, BROKEN);
    await c.policies.reload.mutate().catch(() => undefined);
    const alert = page.getByRole('alert').filter({ hasText: 'was rejected' });
    await alert.waitFor({ timeout: 5_000 });
    assert.match((await alert.textContent()) ?? '', /line \d+.*field .*limit/s);
    await fileRow.getByText('in force').waitFor();

    writeFileSync(policyFile, GOOD);
    await c.policies.reload.mutate();
    await alert.waitFor({ state: 'detached', timeout: 5_000 });
    await c.policies.remove.mutate({ agent_id: human, name: 'one-at-a-time' });
    await apiRow.waitFor({ state: 'detached', timeout: 3_000 });
  });

  it('Locks: a tree of folders, collapsible from the keyboard, with live expiry and force release', async () => {
    const bot = await agent('dash-tree');
    await bot.call('lock_files', { paths: ['app/deep/one.ts', 'app/deep/two.ts', 'notes.md'], reason: 'tree test' });
    await open('/locks');
    const folder = page.locator('[data-lock-folder="app/deep/"]');
    await folder.waitFor({ timeout: 5_000 });
    const one = page.locator('[data-lock-path="app/deep/one.ts"]');
    assert.match((await one.textContent()) ?? '', /one\.ts.*dash-tree.*exclusive.*expires in \d+ (s|min)/s);

    // The folder (joined chain app/deep/) collapses and opens with the keyboard.
    const summary = folder.locator('summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    await one.waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');
    await one.waitFor({ state: 'visible' });

    // Local mode is the admin: another agent's lock is force-released after a confirming second press.
    const button = one.getByRole('button', { name: 'Force release app/deep/one.ts' });
    await button.click();
    await one.getByRole('button', { name: 'Confirm force release app/deep/one.ts' }).click();
    await one.waitFor({ state: 'detached', timeout: 3_000 });
    const held = (await c.locks.list.query()).map((l) => l.path);
    assert.ok(!held.includes('app/deep/one.ts') && held.includes('app/deep/two.ts'), `still held: ${held.join(', ')}`);
    // A lock taken elsewhere arrives in the tree live.
    await bot.call('lock_files', { paths: ['app/other/three.ts'] });
    await page.locator('[data-lock-path="app/other/three.ts"]').waitFor({ timeout: 3_000 });
    await page.locator('[data-lock-folder="app/"]').waitFor();
  });

  it('Agents: adapters with their health (checked on demand) and runs, a run appearing live', async () => {
    await open('/agents');
    const adapter = page.locator('[data-adapter="command:edit"]');
    await adapter.waitFor({ timeout: 5_000 });
    await page.getByRole('button', { name: 'Check adapters now' }).click();
    await adapter.getByText('usable').waitFor({ timeout: 10_000 });
    await page.getByText('No agent has been launched through an adapter yet.').waitFor();

    const task = await c.tasks.create.mutate({ title: 'Edited by a command adapter', files: ['src/a.txt'] });
    const run = await c.runs.start.mutate({ task_id: task.key, adapter: 'command:edit' });
    const row = page.locator(`[data-run-id="${run.id}"]`);
    await row.waitFor({ timeout: 5_000 });
    await row.getByText('succeeded').waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', new RegExp(`${task.key}.*command:edit`, 's'));
  });

  it('Agents: a run\'s output opens beneath its row and follows the run live', async () => {
    await open('/agents');
    const task = await c.tasks.create.mutate({ title: 'Talks while it works', files: ['src/b.txt'] });
    const run = await c.runs.start.mutate({ task_id: task.key, adapter: 'command:chatty' });
    const row = page.locator(`[data-run-id="${run.id}"]`);
    await row.waitFor({ timeout: 5_000 });
    await row.getByRole('button', { name: `Output of ${task.key} (command:chatty)` }).click();
    const output = page.locator(`[data-run-output="${run.id}"]`);
    await output.getByText('first line from').waitFor({ timeout: 10_000 });
    // The panel is open and fetched: what comes now can only arrive by the run.output events.
    writeFileSync(goFile, '');
    await output.getByText('[stdout] second line, live').waitFor({ timeout: 10_000 });
    await row.getByText('succeeded').waitFor({ timeout: 15_000 });
    assert.equal(await row.getByRole('button', { name: `Output of ${task.key} (command:chatty)` }).getAttribute('aria-expanded'), 'true');
  });

  it('is keyboard-usable: the navigation reaches Plan and Policies without a mouse', async () => {
    await open('/');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Plan', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Plan', level: 1 }).waitFor();
    await page.keyboard.press('Tab'); // Policies
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Policies', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/policies');
  });

  it('has no serious or critical accessibility violations on the new pages, light and dark; screenshots at 1280 and 390 px', async () => {
    const bot = await agent('dash-axe');
    await bot.call('lock_files', { paths: ['axe/a.ts'] });
    const failures: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of ['/plan', '/policies', '/locks', '/agents']) {
          await open(path);
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          await page.getByText('Loading…').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
          // Named apart from dashboard.test.ts's shots: these pages hold this suite's plan, file policies, adapters and runs.
          await screenshot(page, `populated-${path.slice(1)}-${scheme}-${width}`);
          if (width === 1280) {
            for (const v of await seriousViolations(page)) failures.push(`${path} (${scheme}): ${v.id} ${v.impact} — ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});

/** A `command:chatty` adapter: prints a line, waits until `goFile` exists, prints another and succeeds. */
function addChattyAdapter(repo: string, goFile: string): void {
  const script = join(repo, '.agent-coordinator', 'chatty.sh');
  writeFileSync(script, `#!/bin/sh\necho "first line from $AGENT_COORDINATOR_AGENT"\nwhile [ ! -f '${goFile}' ]; do sleep 0.1; done\necho "second line, live"\nexit 0\n`);
  chmodSync(script, 0o755);
  const file = join(repo, '.agent-coordinator', 'adapters.json');
  const adapters = JSON.parse(readFileSync(file, 'utf8')) as { commands: Record<string, unknown> };
  adapters.commands['chatty'] = { command: [script] };
  writeFileSync(file, JSON.stringify(adapters));
}
