/**
 * The loopback endpoint that lets the tests inside the extension host look at the workbench the way a
 * person does: they ask, this process (which owns the Playwright page) reads the DOM, times badge changes
 * and takes screenshots. It also collects the suite's output and measurements.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { artifactsDir } from './environment.ts';
import { awaitWatch, hasFocus, outerHtml, rowDecoration, waitForText, watchBadge } from './workbench-dom.ts';

export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly detail?: unknown;
}

export interface Harness {
  readonly url: string;
  readonly lines: string[];
  readonly metrics: Metric[];
  close(): Promise<void>;
}

type Handler = (body: Record<string, unknown>) => Promise<unknown>;

export async function startHarness(page: () => Page): Promise<Harness> {
  const lines: string[] = [];
  const metrics: Metric[] = [];
  const startedGroups = new Set<number>();
  mkdirSync(artifactsDir, { recursive: true });
  const str = (v: unknown, name: string): string => {
    if (typeof v !== 'string') throw new Error(`${name} must be a string`);
    return v;
  };
  const routes: Record<string, Handler> = {
    '/log': async (b) => {
      const line = str(b['line'], 'line');
      lines.push(line);
      process.stdout.write(`${line}\n`);
      return {};
    },
    '/metric': async (b) => {
      metrics.push({ name: str(b['name'], 'name'), value: Number(b['value']), unit: str(b['unit'], 'unit'), detail: b['detail'] });
      return {};
    },
    '/watch-badge': async (b) => ({ id: await watchBadge(page(), str(b['label'], 'label'), b['present'] !== false) }),
    '/await': async (b) => ({ at: await awaitWatch(page(), str(b['id'], 'id'), Number(b['timeoutMs'] ?? 5_000)) }),
    '/decoration': async (b) => ({ decoration: await rowDecoration(page(), str(b['label'], 'label')) }),
    '/wait-text': async (b) => {
      await waitForText(page(), str(b['selector'], 'selector'), str(b['text'], 'text'), Number(b['timeoutMs'] ?? 5_000));
      return {};
    },
    '/click': async (b) => {
      await page().click(str(b['selector'], 'selector'), { timeout: Number(b['timeoutMs'] ?? 5_000) });
      return {};
    },
    // Drags the sash between the side bar and the editor, as a person widens the side bar.
    '/sidebar-width': async (b) => {
      const sidebar = page().locator('.part.sidebar').first();
      const box = await sidebar.boundingBox();
      if (!box) throw new Error('no side bar on screen');
      const y = box.y + box.height / 2;
      await page().mouse.move(box.x + box.width, y);
      await page().mouse.down();
      await page().mouse.move(box.x + Number(b['width']), y, { steps: 5 });
      await page().mouse.up();
      return { width: (await sidebar.boundingBox())?.width ?? 0 };
    },
    '/html': async (b) => ({ html: await outerHtml(page(), str(b['selector'], 'selector')) }),
    '/texts': async (b) => ({ texts: await page().locator(str(b['selector'], 'selector')).allTextContents() }),
    '/focus': async () => ({ focused: await hasFocus(page()) }),
    // Ends a process group the extension started (the local coordinator): the harness owns cleanup.
    '/kill-group': async (b) => {
      const pid = Number(b['pid']);
      if (!Number.isInteger(pid) || pid <= 1) throw new Error('pid must be a process id');
      startedGroups.add(pid);
      return { killed: killGroup(pid) };
    },
    // Types into whatever has the keyboard focus, as a person does (each character a key press).
    '/type': async (b) => {
      await page().keyboard.type(str(b['text'], 'text'), { delay: 10 });
      return {};
    },
    // Sets an input's value (focusing it first), for an input box that has just opened: keys typed before
    // it has focus are lost.
    '/fill': async (b) => {
      await page().locator(str(b['selector'], 'selector')).fill(str(b['text'], 'text'), { timeout: Number(b['timeoutMs'] ?? 5_000) });
      return {};
    },
    // Webviews live in nested iframes: find the frame whose text shows `text`, then look or act inside it.
    '/webview-text': async (b) => {
      await webviewFrame(page(), str(b['text'], 'text'), Number(b['timeoutMs'] ?? 5_000));
      return {};
    },
    '/webview-click': async (b) => {
      const frame = await webviewFrame(page(), str(b['text'], 'text'), 5_000);
      await frame.click(str(b['selector'], 'selector'), { timeout: 5_000 });
      return {};
    },
    // Focus an element inside the webview and press a key, as a keyboard user does.
    '/webview-press': async (b) => {
      const frame = await webviewFrame(page(), str(b['text'], 'text'), 5_000);
      await frame.focus(str(b['selector'], 'selector'), { timeout: 5_000 });
      await page().keyboard.press(str(b['key'], 'key'));
      return {};
    },
    '/press': async (b) => {
      await page().keyboard.press(str(b['key'], 'key'));
      return {};
    },
    '/screenshot': async (b) => {
      const path = join(artifactsDir, `${str(b['name'], 'name')}.png`);
      await mkdir(dirname(path), { recursive: true }); // names may carry a folder: vscode/tasks-dark
      const selector = typeof b['selector'] === 'string' ? b['selector'] : null;
      // The element's box, then a clip of the page: an element screenshot waits for the element to be
      // "stable" across animation frames, which a workbench part with a blinking cursor or a CodeLens
      // being laid out may never be within the timeout.
      const box = selector ? await page().locator(selector).first().boundingBox({ timeout: 5_000 }) : null;
      if (selector && !box) throw new Error(`screenshot: ${selector} is not visible`);
      await page().screenshot(box ? { path, clip: box, animations: 'disabled' } : { path });
      return { path };
    },
  };
  const server: Server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (!route || req.method !== 'POST') {
        res.writeHead(404).end(JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        res.writeHead(400).end(JSON.stringify({ error: 'invalid JSON' }));
        return;
      }
      route(body).then(
        (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
        (error: unknown) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) })),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    lines,
    metrics,
    close: () =>
      new Promise<void>((resolve) => {
        for (const pid of startedGroups) killGroup(pid, 'SIGKILL');
        server.close(() => resolve());
      }),
  };
}

async function webviewFrame(page: Page, text: string, timeoutMs: number): Promise<Frame> {
  const stop = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const shown = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (shown.includes(text)) return frame;
    }
    if (Date.now() > stop) throw new Error(`no webview shows "${text}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function killGroup(pid: number, signal: NodeJS.Signals = 'SIGTERM'): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
