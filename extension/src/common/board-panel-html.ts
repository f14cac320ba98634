/**
 * The board panel's document: a header with the live status, the `#board` element, and the board-embed
 * bundle (`<server>/embed/board.js` and `.css`, built from the dashboard) inlined under the page's nonce.
 * The extension reads the bundle from the coordinator the window is connected to each time the panel
 * loads, so the panel shows the very board the server serves at `/`, at the server's own version, and the
 * .vsix carries no copy of it. Inlined rather than loaded by URL: the extension host reaches the server
 * wherever the window runs, while a URL for the webview would go through port forwarding
 * (`asExternalUri`), which differs between desktop, remote and code-server. The CSP allows only what
 * carries the nonce and no connections at all: every call goes through the extension
 * (board-panel-bridge.ts). No `vscode` here.
 */

export type BoardBundle = { readonly script: string; readonly style: string } | { readonly error: string };

export interface BoardPanelPage {
  readonly bundle: BoardBundle;
  /** The server URL as configured, shown in the header. */
  readonly serverUrl: string;
  readonly nonce: string;
  /** `webview.cspSource`: VS Code's own resources (the theme's fonts). */
  readonly cspSource: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Text safe inside a `<script>`/`<style>` element: `</` cannot end it (`<\/` means the same in JS strings, regexes and CSS). */
const inElement = (text: string): string => text.replace(/<\//g, '<\\/');

/** Reads the bundle from the coordinator; a failure is described, not thrown (the page shows it). */
export async function loadBoardBundle(serverUrl: string, fetchText: (url: string) => Promise<string>): Promise<BoardBundle> {
  try {
    const [script, style] = await Promise.all([fetchText(`${serverUrl}/embed/board.js`), fetchText(`${serverUrl}/embed/board.css`)]);
    return { script, style };
  } catch (error) {
    return {
      error:
        `The board could not be read from ${serverUrl}/embed/ (${error instanceof Error ? error.message : String(error)}). Is the coordinator running, ` +
        'recent enough to serve the board, and was its dashboard built (npm run build --workspace dashboard)? Run Agent Coordinator: Reconnect, then Open Board again.',
    };
  }
}

export function renderBoardPanelHtml(page: BoardPanelPage): string {
  const csp = ["default-src 'none'", `script-src 'nonce-${page.nonce}'`, `style-src 'nonce-${page.nonce}'`, 'img-src data:', `font-src ${page.cspSource}`, "connect-src 'none'"].join('; ');
  const bundle = page.bundle;
  const content =
    'error' in bundle
      ? `<p class="board-panel-failed" role="alert">${escapeHtml(bundle.error)}</p>`
      : `<div id="board"></div>\n<script nonce="${page.nonce}">${inElement(bundle.script)}</script>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${page.nonce}">${'error' in bundle ? '.board-panel-head { display: flex; gap: 0.75rem; padding: 0.5rem 1rem 0; } .board-panel-failed { color: var(--vscode-errorForeground); padding: 0 1rem; }' : inElement(bundle.style)}</style>
<title>Board</title></head>
<body>
<header class="board-panel-head"><span>${escapeHtml(page.serverUrl)}</span><span id="board-status" role="status" class="live">${'error' in bundle ? 'Not loaded' : 'Loading…'}</span></header>
${content}
</body></html>`;
}
