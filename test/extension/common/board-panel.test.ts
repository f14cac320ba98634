/**
 * The board panel's bridge, both halves against a real coordinator: the dashboard's postMessage tRPC link
 * (dashboard/src/embed/bridge-link.ts) wired straight to the extension's side
 * (extension/src/common/board-panel-bridge.ts) — queries, mutations, the server's errors arriving as
 * the same TRPCClientError the board would get over HTTP, live events — plus bad messages and the page's CSP.
 */
import assert from 'node:assert/strict';
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import type { BoardPanelReply, StreamMessage } from '@agent-coordinator/shared';
import { bridgeLink, type BridgeHost } from '../../../dashboard/src/embed/bridge-link.ts';
import { answerCall, liveReply, reloadSignal } from '../../../extension/src/common/board-panel-bridge.ts';
import { parseBoardPanelRequest } from '../../../extension/src/common/board-panel-request.ts';
import { loadBoardBundle, renderBoardPanelHtml } from '../../../extension/src/common/board-panel-html.ts';
import { createApi } from '../../../extension/src/common/coordinator-api.ts';
import { useCoordinator } from '../../support/coordinator.ts';

/** The webview boundary in one process: what the page posts is parsed and answered as the panel does. */
function bridge(url: string): { host: BridgeHost; push(reply: BoardPanelReply): void; posted: unknown[] } {
  const api = createApi({ url });
  const listeners = new Set<(reply: BoardPanelReply) => void>();
  const posted: unknown[] = [];
  const push = (reply: BoardPanelReply): void => {
    for (const listener of [...listeners]) listener(reply);
  };
  const host: BridgeHost = {
    post: (request) => {
      // Through structured-clone-like JSON, as postMessage does between the webview and the extension host.
      const message: unknown = JSON.parse(JSON.stringify(request));
      posted.push(message);
      const parsed = parseBoardPanelRequest(message);
      if (!parsed.ok) throw new Error(parsed.error);
      if (parsed.request.type === 'call') void answerCall(api, parsed.request).then((reply) => push(JSON.parse(JSON.stringify(reply)) as BoardPanelReply));
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { host, push, posted };
}

describe('board panel bridge', function () {
  const env = useCoordinator('pglite');

  it('carries queries and mutations through the extension, and the server errors as TRPCClientError with their code', async () => {
    const { host } = bridge(env.coordinator.url);
    const board = createTRPCClient<AppRouter>({ links: [bridgeLink(host)] });
    const created = await board.create_task.mutate({ title: 'Through the bridge', priority: 'high' });
    const tasks = await board.list_tasks.query({ limit: 1000 });
    assert.ok(tasks.some((t) => t.task_id === created.task_id && t.title === 'Through the bridge'));
    const refused = await board.get_task.query({ task_id: 'T-9999' }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof TRPCClientError, 'a TRPCClientError');
    assert.match(refused.message, /T-9999/);
    assert.equal((refused.data as { coordinator?: { code?: string } } | undefined)?.coordinator?.code, 'NOT_FOUND');
  });

  it('feeds the subscription from the host: started when live, events as tracked data, the reason when down', async () => {
    const { host, push, posted } = bridge(env.coordinator.url);
    const board = createTRPCClient<AppRouter>({ links: [bridgeLink(host)] });
    const seen: string[] = [];
    const data: StreamMessage[] = [];
    const subscription = board.subscribe_events.subscribe(undefined, {
      onStarted: () => seen.push('started'),
      onData: (tracked) => data.push(tracked.data),
      onConnectionStateChange: (state) => seen.push(`${state.state}: ${state.error?.message ?? ''}`),
    });
    assert.deepEqual(posted.at(-1), { type: 'subscribe' });
    push(liveReply({ kind: 'connected', since: 0 }));
    const resync = reloadSignal(41, new Date(0));
    push({ type: 'event', message: resync });
    push(liveReply({ kind: 'reconnecting', attempt: 1, retryAt: 0, error: 'socket closed' }));
    assert.deepEqual(seen, ['started', 'connecting: socket closed']);
    assert.deepEqual(data, [{ type: 'stream.resync', id: 41, at: '1970-01-01T00:00:00.000Z', reason: 'the window reconnected to the coordinator', resume_from: 41 }]);
    subscription.unsubscribe();
    assert.deepEqual(posted.at(-1), { type: 'unsubscribe' });
  });

  it('refuses a bad message naming the field', () => {
    assert.deepEqual(parseBoardPanelRequest({ type: 'openTask', key: 'T-1' }), { ok: true, request: { type: 'openTask', key: 'T-1' } });
    const bad = parseBoardPanelRequest({ type: 'call', id: 1, kind: 'query', path: 'tasks/../list', input: null });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /path: a procedure path such as list_tasks/);
    assert.equal(parseBoardPanelRequest({ type: 'subscription' }).ok, false);
  });

  it("writes a page with the server's board inlined under the nonce, no connection of its own, and a reason when the board is missing", async () => {
    const bundle = await loadBoardBundle(env.coordinator.url, async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.text();
    });
    // The test coordinator serves the checkout's dashboard/dist: built, the bundle is read; not built, the reason names the fix.
    if ('error' in bundle) assert.match(bundle.error, /npm run build --workspace dashboard/);
    const page = { serverUrl: 'http://127.0.0.1:7421<x>', nonce: 'N0NCE', cspSource: 'vscode-resource:' };
    const html = renderBoardPanelHtml({ ...page, bundle: { script: 'const s = "</script>";', style: 'body{}' } });
    assert.match(html, /content="default-src 'none'; script-src 'nonce-N0NCE'; style-src 'nonce-N0NCE'; img-src data:; font-src vscode-resource:; connect-src 'none'"/);
    assert.match(html, /<script nonce="N0NCE">const s = "<\\\/script>";<\/script>/);
    assert.match(html, /7421&lt;x&gt;/);
    assert.doesNotMatch(html, /token/i);
    const failed = renderBoardPanelHtml({ ...page, bundle: { error: 'HTTP 404 <embed>' } });
    assert.match(failed, /role="alert">HTTP 404 &lt;embed&gt;/);
    assert.doesNotMatch(failed, /<script/);
  });
});
