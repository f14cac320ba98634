/** The tests' side of the harness (support/harness-server.ts): ask the process that owns the browser. */

const base = (): string => {
  const url = process.env['AC_HARNESS_URL'];
  if (!url) throw new Error('AC_HARNESS_URL is not set: run these suites through test/vscode/run.ts');
  return url;
};

async function call<T>(route: string, body: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${base()}${route}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`harness ${route}: ${json.error ?? response.status}`);
  return json;
}

let logChain: Promise<unknown> = Promise.resolve();

export const harness = {
  /** Keeps order: each line is sent after the previous one. */
  log(line: string): void {
    logChain = logChain.then(() => call('/log', { line }).catch(() => undefined));
  },
  flush: (): Promise<unknown> => logChain,
  metric: (name: string, value: number, unit: string, detail?: unknown) => call('/metric', { name, value, unit, detail }),
  watchBadge: async (label: string, present = true): Promise<string> => (await call<{ id: string }>('/watch-badge', { label, present })).id,
  awaitWatch: async (id: string, timeoutMs = 5_000): Promise<number> => (await call<{ at: number }>('/await', { id, timeoutMs })).at,
  decoration: async (label: string) => (await call<{ decoration: { badge: string; ariaLabel: string } | null }>('/decoration', { label })).decoration,
  waitForText: (selector: string, text: string, timeoutMs = 5_000) => call('/wait-text', { selector, text, timeoutMs }),
  click: (selector: string, timeoutMs = 5_000) => call('/click', { selector, timeoutMs }),
  press: (key: string) => call('/press', { key }),
  type: (text: string) => call('/type', { text }),
  fill: (selector: string, text: string, timeoutMs = 5_000) => call('/fill', { selector, text, timeoutMs }),
  /** Waits until a webview (task panel) shows `text`. */
  webviewText: (text: string, timeoutMs = 5_000) => call('/webview-text', { text, timeoutMs }),
  /** Clicks `selector` inside the webview that shows `text`. */
  webviewClick: (text: string, selector: string) => call('/webview-click', { text, selector }),
  /** Focuses `selector` inside the webview that shows `text` and presses `key`. */
  webviewPress: (text: string, selector: string, key: string) => call('/webview-press', { text, selector, key }),
  sidebarWidth: async (width: number): Promise<number> => (await call<{ width: number }>('/sidebar-width', { width })).width,
  html: async (selector: string): Promise<string> => (await call<{ html: string }>('/html', { selector })).html,
  /** The text of every element matching `selector`, in document order. */
  texts: async (selector: string): Promise<string[]> => (await call<{ texts: string[] }>('/texts', { selector })).texts,
  killGroup: async (pid: number): Promise<boolean> => (await call<{ killed: boolean }>('/kill-group', { pid })).killed,
  focused: async (): Promise<boolean> => (await call<{ focused: boolean }>('/focus')).focused,
  screenshot: (name: string, selector?: string) => call<{ path: string }>('/screenshot', { name, ...(selector ? { selector } : {}) }),
};

export const coordinatorUrl = (): string => {
  const url = process.env['AC_COORDINATOR_URL'];
  if (!url) throw new Error('AC_COORDINATOR_URL is not set');
  return url;
};
