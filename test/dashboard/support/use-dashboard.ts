/**
 * The dashboard suites' common setup: a coordinator on embedded PGlite, Chromium launched once per suite,
 * a fresh page (1280×800) per test, MCP agents that are closed after the test that opened them, and
 * `open(path)`, which returns once the page's live subscription is up.
 */
import type { Browser, Page } from 'playwright-core';
import type { ConfigInput } from '@agent-coordinator/server';
import { useCoordinator } from '../../support/coordinator.ts';
import { httpClient, type McpTestClient } from '../../mcp/mcp-client.ts';
import { launch, requireBrowserAndBuild, screenshot, seriousViolations } from '../dashboard-support.ts';

export function useDashboard(settings: Partial<ConfigInput> = {}) {
  const env = useCoordinator('pglite', settings);
  let browser: Browser | undefined;
  let page: Page | undefined;
  const agents: McpTestClient[] = [];

  before(async function () {
    requireBrowserAndBuild(this);
    browser = await launch();
  });
  beforeEach(async () => {
    if (!browser) throw new Error('no browser: the suite was not set up');
    // bypassCSP: axe is injected as an inline script, which the dashboard's policy rightly refuses.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true })).newPage();
  });
  afterEach(async () => {
    await page?.context().close();
    await Promise.allSettled(agents.splice(0).map((m) => m.close()));
  });
  after(async () => {
    await browser?.close();
  });

  const dashboard = {
    env,
    /** This test's page. */
    get page(): Page {
      if (!page) throw new Error('no page outside a test');
      return page;
    },
    /** Opens a path and waits until the live subscription is up; returns how long that took. */
    async open(path: string): Promise<number> {
      const started = Date.now();
      await dashboard.page.goto(`${env.url}${path}`);
      await dashboard.page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
      return Date.now() - started;
    },
    /** An MCP agent registered under `name` (kind claude-code), closed after this test. */
    async agent(name: string): Promise<McpTestClient> {
      const client = await httpClient(env.url, name).connect();
      agents.push(client);
      await client.call('register_agent', { name, kind: 'claude-code' });
      return client;
    },
    /**
     * Each page in light and dark, at 1280 and 390 px: a screenshot named `<name>-<scheme>-<width>`, and at
     * 1280 px axe's serious and critical violations, returned as lines naming the page.
     */
    async screenshotsAndViolations(pages: readonly (readonly [name: string, path: string])[]): Promise<string[]> {
      const failures: string[] = [];
      for (const scheme of ['light', 'dark'] as const) {
        await dashboard.page.emulateMedia({ colorScheme: scheme });
        for (const width of [1280, 390]) {
          await dashboard.page.setViewportSize({ width, height: 800 });
          for (const [name, path] of pages) {
            await dashboard.open(path);
            await dashboard.page.getByRole('heading', { level: 1 }).first().waitFor();
            await dashboard.page.getByText('Loading…').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
            await screenshot(dashboard.page, `${name}-${scheme}-${width}`);
            if (width === 1280) {
              for (const v of await seriousViolations(dashboard.page)) failures.push(`${name} (${scheme}): ${v.id} ${v.impact} — ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
            }
          }
        }
      }
      return failures;
    },
  };
  return dashboard;
}
