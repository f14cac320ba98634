/** Debian's Chromium driven by playwright-core (never `playwright`: its install downloads a browser). */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../support/chromium-args.ts';


export interface OpenedPage {
  readonly browser: Browser;
  readonly page: Page;
  /** Console lines of the page (the workbench), for diagnosing a failed run. */
  readonly console: string[];
  close(): Promise<void>;
}

export async function openPage(executablePath: string, viewport = { width: 1400, height: 900 }): Promise<OpenedPage> {
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (message) => {
    lines.push(`[${message.type()}] ${message.text()}`);
    if (lines.length > 500) lines.shift();
  });
  page.on('pageerror', (error) => lines.push(`[pageerror] ${error.message}`));
  return { browser, page, console: lines, close: () => browser.close() };
}
