/**
 * The dashboard with accounts on, in Chromium: before sign-in the page shows a sign-in form and asks the
 * server for nothing but who it is; signed in as a member of one project, it shows that project's tasks
 * and never another's, including ones created live after sign-in.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { useCoordinator } from '../support/coordinator.ts';
import { useCredentialClients } from '../support/credential-clients.ts';
import { launch, requireBrowserAndBuild, screenshot } from './dashboard-support.ts';

const ADMIN = { name: 'root', password: 'correct horse battery staple' };
const MEMBER_PASSWORD = 'member password 1234';

describe('dashboard with accounts on, in Chromium on pglite', function () {
  this.timeout(120_000);
  const env = useCoordinator('pglite', { adminName: ADMIN.name, adminPassword: ADMIN.password });
  const { as, login } = useCredentialClients(env);
  let browser: Browser;
  let page: Page;

  before(async function () {
    requireBrowserAndBuild(this);
    const adminToken = await login(ADMIN.name, ADMIN.password);
    const root = as(adminToken, 'local');
    await root.create_project.mutate({ name: 'alpha' });
    await root.create_project.mutate({ name: 'beta' });
    await root.create_account.mutate({ name: 'mia', password: MEMBER_PASSWORD, projects: ['alpha'] });
    await as(adminToken, 'alpha').create_task.mutate({ title: 'Alpha visible task' });
    await as(adminToken, 'beta').create_task.mutate({ title: 'Beta secret task' });
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows only a sign-in form before sign-in, then the viewer project and never another', async () => {
    const asked: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/trpc')) asked.push(path);
    });
    await page.goto(`${env.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Agent Coordinator' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'sign-in-light-1280');
    assert.deepEqual([...new Set(asked)], ['/trpc/whoami'], 'nothing but whoami before sign-in');
    assert.doesNotMatch((await page.textContent('body')) ?? '', /Alpha visible|Beta secret/);

    await page.getByLabel('Account').fill('mia');
    await page.getByLabel('Password').fill(MEMBER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Alpha visible task').waitFor({ timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
    const adminToken = await login(ADMIN.name, ADMIN.password);
    await as(adminToken, 'beta').create_task.mutate({ title: 'Beta live secret' });
    await as(adminToken, 'alpha').create_task.mutate({ title: 'Alpha live task' });
    await page.getByText('Alpha live task').waitFor({ timeout: 5_000 });
    assert.doesNotMatch((await page.textContent('body')) ?? '', /Beta secret|Beta live secret/);
  });
});
