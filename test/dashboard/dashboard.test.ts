/**
 * The dashboard in real Chromium against a real coordinator (embedded PGlite, local mode): interactive
 * within 1 s; a task an MCP agent creates appears on the board without a reload; a lock an MCP agent takes
 * and releases appears and disappears; a lease a heartbeat renews shows its new expiry at once; a human
 * approves on the page and the MCP requester is told; axe finds no serious or critical violation on any
 * page; screenshots of each page (Plan and Policies included), light and dark, at laptop and phone width.
 */
import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { resultJson } from '../mcp/mcp-client.ts';
import { usePolicies } from '../policy/policy-support.ts';
import { until } from '../support/until.ts';
import { useDashboard } from './support/use-dashboard.ts';

describe('dashboard in Chromium on pglite', function () {
  this.timeout(120_000);
  const ui = useDashboard();
  const { env, open, agent } = ui;
  const policies = usePolicies(() => env.client());

  it('is interactive within 1 s: the board rendered with its tasks, then the live subscription up', async () => {
    await open('/'); // warms the server's first reads (the database's first query plans)
    await ui.page.goto(`${env.url}/`);
    await ui.page.getByRole('heading', { name: 'Open', level: 2 }).waitFor({ timeout: 10_000 });
    // Measured in the browser from navigation start to the board's tasks on screen (board-page.tsx's mark).
    const interactive = await ui.page.evaluate(() => performance.getEntriesByName('ac:board-ready')[0]?.startTime ?? Number.NaN);
    await ui.page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    const live = await ui.page.evaluate(() => performance.now());
    const load = loadavg()[0] ?? 0;
    // The bar is 1 s; on a machine loaded past its core count (shared CI runners) it is given 3 s.
    const bar = load > availableParallelism() ? 3000 : 1000;
    console.log(`      time to interactive: ${interactive.toFixed(0)} ms; live by ${live.toFixed(0)} ms (load ${load.toFixed(1)}, bar ${bar} ms)`);
    assert.ok(interactive < bar, `took ${interactive} ms`);
  });

  it('shows a task an MCP agent creates within 1 s, without a reload, and names its blockers', async () => {
    await open('/');
    const bot = await agent('dash-creator');
    const first = await bot.call('create_task', { title: 'Write the parser' });
    const started = Date.now();
    const second = await bot.call('create_task', { title: 'Wire the parser in', depends_on: [first.key] });
    const card = ui.page.locator(`[data-task-key="${second.key}"]`);
    await card.waitFor({ timeout: 5_000 });
    const elapsed = Date.now() - started;
    console.log(`      MCP create_task → card on screen: ${elapsed} ms`);
    assert.ok(elapsed < 1000, `took ${elapsed} ms`);
    await card.getByText(`Blocked by ${first.key}`).waitFor({ timeout: 2_000 });
  });

  it('shows a lock an MCP agent takes, and drops it when released', async () => {
    await open('/locks');
    const bot = await agent('dash-locker');
    await bot.call('lock_files', { paths: ['src/dash/lock-me.ts'], reason: 'dashboard test' });
    const row = ui.page.locator('[data-lock-path="src/dash/lock-me.ts"]');
    await row.waitFor({ timeout: 2_000 });
    assert.match((await row.textContent()) ?? '', /dash-locker/);
    await bot.call('release_files', { paths: ['src/dash/lock-me.ts'] });
    await row.waitFor({ state: 'detached', timeout: 2_000 });
  });

  it('shows a lease a heartbeat renewed as current, without a reload (the locks.renewed event)', async () => {
    await open('/locks');
    const bot = await agent('dash-renewer');
    await bot.call('lock_files', { paths: ['src/dash/lease.ts'], ttl_seconds: 60 });
    const expires = ui.page.locator('[data-lock-path="src/dash/lease.ts"] .expiry');
    await expires.waitFor({ timeout: 2_000 });
    const seconds = async (): Promise<number> => Number(/^expires in (\d+) s$/.exec(((await expires.textContent()) ?? '').trim())?.[1] ?? NaN);
    // Let the shown expiry count down, so a renewal is visible…
    await until('the expiry counting down to 55 s', async () => (await seconds()) <= 55, 15_000);
    await bot.call('heartbeat', {});
    // …then the page shows the renewed lease (about 60 s again), not the old one counting on.
    await until('the renewed expiry on the page', async () => (await seconds()) >= 58, 2_000);
  });

  it('a human approves on the page and the MCP requester is told', async () => {
    await policies.declare({ name: 'dash-db', kind: 'lock_paths', paths: ['db/**'], message: 'a DBA must look first' });
    await policies.human(); // the one human agent: the page decides as it
    await open('/approvals');
    const bot = await agent('dash-requester');
    const notes: string[] = [];
    bot.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      if (n.params.logger === 'approvals') notes.push(String((n.params.data as { text?: string }).text));
    });
    const escalated = await bot.raw('lock_files', { paths: ['db/schema.sql'] });
    const pending = (resultJson(escalated) as { pending_approval?: { approval_id: string } }).pending_approval;
    assert.ok(pending, 'the lock was escalated');
    const item = ui.page.locator(`[data-approval-id="${pending.approval_id}"]`);
    await item.waitFor({ timeout: 2_000 });
    await item.getByLabel('Reason').fill('checked the migration');
    await item.getByRole('button', { name: 'Approve' }).click();
    await item.waitFor({ state: 'detached', timeout: 2_000 }).catch(async (error: unknown) => {
      throw new Error(`still pending; the page says: ${await item.textContent()}`, { cause: error });
    });
    const [note] = await until('the requester told of the decision', () => (notes.length > 0 ? notes : null), 5_000);
    assert.match(note ?? '', /was approved by .*: checked the migration$/);
    const check = (await bot.call('check_files', { paths: ['db/schema.sql'] })) as unknown as { files?: { locked_by_you?: boolean }[] };
    assert.ok(JSON.stringify(check).includes('dash-requester'), 'the lock is now held by the requester');
  });

  it('has no serious or critical accessibility violations; screenshots in light and dark, at 1280 and 390 px', async () => {
    const bot = await agent('dash-shooter');
    const task = await bot.call('create_task', { title: 'Screenshot subject', files: ['src/shot.ts'], description: 'A task to show on every ui.page.' });
    await bot.call('get_next_task', {});
    await policies.declare({ name: 'dash-shot', kind: 'lock_paths', paths: ['secrets/**'], message: 'ask first' });
    await bot.raw('lock_files', { paths: ['secrets/key.pem'] });
    await bot.call('lock_files', { paths: ['src/shots/one.ts', 'src/shots/two.ts', 'docs/readme.md'] });
    const c = env.client();
    const objective = await c.create_objective.mutate({ title: 'Screenshots of every page' });
    const kr = await c.add_key_result.mutate({ objective_id: objective.key, title: 'Pages shown', target: 8, current: 8, unit: 'pages' });
    const covered = await c.add_requirement.mutate({ key_result_id: kr.key, title: 'The board is shown' });
    await c.add_requirement.mutate({ key_result_id: kr.key, title: 'The plan is shown' });
    await c.link_task.mutate({ requirement_id: covered.key, task_id: task.key });
    const pages = [
      ['board', '/'],
      ['agents', '/agents'],
      ['locks', '/locks'],
      ['approvals', '/approvals'],
      ['plan', '/plan'],
      ['policies', '/policies'],
      ['activity', '/activity'],
      ['task', `/tasks/${task.key}`],
    ] as const;
    assert.deepEqual(await ui.screenshotsAndViolations(pages), []);
  });
});
