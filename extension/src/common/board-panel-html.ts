/**
 * The board panel's document: a header with the live status, the `#board` element, and the board-embed
 * bundle loaded from the coordinator itself (`<server>/embed/board.js` and `.css`, built from the
 * dashboard), so the panel shows the very board the server serves at `/`, at the server's own version,
 * and the .vsix carries no copy of it. The CSP allows scripts only with the nonce or from the server's
 * origin, and no connections at all: every call goes through the extension (board-panel-bridge.ts).
 * If the bundle does not load, the page says why instead of staying blank. No `vscode` here.
 */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export interface BoardPanelPage {
  /** The coordinator as this window's browser reaches it (`asExternalUri`), without a trailing slash. */
  readonly boardBase: string;
  /** The server URL as configured, shown in the header. */
  readonly serverUrl: string;
  readonly nonce: string;
  /** `webview.cspSource`: VS Code's own resources (the theme's fonts). */
  readonly cspSource: string;
}

export function renderBoardPanelHtml(page: BoardPanelPage): string {
  // An origin (scheme://host:port) holds no quote or angle bracket: safe in the attribute as it is.
  const origin = new URL(page.boardBase).origin;
  const script = `${page.boardBase}/embed/board.js`;
  const style = `${page.boardBase}/embed/board.css`;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}' ${origin}`,
    `style-src 'nonce-${page.nonce}' ${origin}`,
    `img-src ${origin} data:`,
    `font-src ${page.cspSource}`,
    "connect-src 'none'",
  ].join('; ');
  const failed =
    `The board could not be loaded from ${script}. Is the coordinator running, and was its dashboard built ` +
    '(npm run build --workspace dashboard)? Agent Coordinator: Reconnect, then open the board again.';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(style)}">
<style nonce="${page.nonce}">.board-panel-failed { color: var(--vscode-errorForeground); padding: 0 1rem; }</style>
<title>Board</title></head>
<body>
<header class="board-panel-head"><span>${escapeHtml(page.serverUrl)}</span><span id="board-status" role="status" class="live">Loading…</span></header>
<div id="board"></div>
<script nonce="${page.nonce}">
const script = document.createElement('script');
script.src = ${JSON.stringify(script)};
script.addEventListener('error', () => {
  const note = document.createElement('p');
  note.className = 'board-panel-failed';
  note.setAttribute('role', 'alert');
  note.textContent = ${JSON.stringify(failed)};
  document.getElementById('board').replaceChildren(note);
  document.getElementById('board-status').textContent = 'Not loaded';
});
document.body.appendChild(script);
</script></body></html>`;
}
