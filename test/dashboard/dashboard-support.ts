/**
 * The dashboard suites' browser: Debian's Chromium driven by playwright-core (never `playwright`, whose
 * install downloads a browser), the built dashboard (built here when missing: a fresh clone), axe-core
 * injected from the test workspace's node_modules, and screenshots under test/artifacts/dashboard/.
 * Under CI=true a missing browser fails the suite; elsewhere it is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../support/chromium-args.ts';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/dashboard/', import.meta.url));
const DASHBOARD = fileURLToPath(new URL('../../dashboard/', import.meta.url));
const require = createRequire(import.meta.url);


/** Mocha `before`: the browser must be there (CI) or the suite is skipped; the dashboard must be built. */
export function requireBrowserAndBuild(context: Mocha.Context): void {
  if (!existsSync(CHROMIUM)) {
    if (process.env['CI'] === 'true') throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (scripts/test-deps.sh does)`);
    context.skip();
  }
  buildDashboardIfMissing();
}

/** The built dashboard's folder, built first when it is not there (a fresh clone running one suite or the bench). */
export function buildDashboardIfMissing(): string {
  if (!existsSync(`${DASHBOARD}dist/index.html`)) {
    // vite exports no path to its bin: the workspaces' hoisted copy.
    execFileSync(process.execPath, [`${DASHBOARD}../node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], { cwd: DASHBOARD, stdio: 'inherit' });
  }
  return `${DASHBOARD}dist/`;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** Serious and critical accessibility violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
