/**
 * Entry of the board-embed bundle (`/embed/board.js` + `/embed/board.css`, built by vite.embed.config.ts):
 * the dashboard's Board page in a VS Code webview panel. The extension writes the page (its CSP, the
 * `#board` element) and inlines this script, read from the coordinator it is connected to, so the board always
 * matches that server's version. Calls and live events go through the extension (bridge-link.ts): no
 * token, no connection here. Colours follow the VS Code theme (board-panel.css reads its variables; the
 * body's `vscode-light`/`vscode-dark` class picks the palette of the few colours VS Code has no name for).
 */
import { createTRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { BoardPanelReply } from '@agent-coordinator/shared';
import { mountBoard } from '../board-embed.tsx';
import type { LiveStatus } from '../live/live-events.ts';
import { bridgeLink, type BridgeHost } from './bridge-link.ts';
import '../styles.css';
import './board-panel.css';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const LIVE_TEXT: Readonly<Record<LiveStatus, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  refused: 'Refused',
};

function isReply(data: unknown): data is BoardPanelReply {
  return typeof data === 'object' && data !== null && 'type' in data && ['result', 'live', 'event'].includes(String(data.type));
}

function followTheme(): void {
  const apply = (): void => {
    const light = document.body.classList.contains('vscode-light') || document.body.classList.contains('vscode-high-contrast-light');
    document.documentElement.dataset['theme'] = light ? 'light' : 'dark';
  };
  apply();
  new MutationObserver(apply).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

const vscode = acquireVsCodeApi();
const host: BridgeHost = {
  post: (request) => vscode.postMessage(request),
  listen: (listener) => {
    const onMessage = (event: MessageEvent<unknown>): void => {
      if (isReply(event.data)) listener(event.data);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  },
};

followTheme();
const board = document.getElementById('board');
const status = document.getElementById('board-status');
if (board) {
  mountBoard(board, {
    client: createTRPCClient<AppRouter>({ links: [bridgeLink(host)] }),
    onOpenTask: (key) => host.post({ type: 'openTask', key }),
    onLiveStatus: (live, error) => {
      if (!status) return;
      status.textContent = error && live !== 'live' ? `${LIVE_TEXT[live]} ${error}` : LIVE_TEXT[live];
      status.className = `live live-${live}`;
    },
  });
}
