/**
 * One port for everything: tRPC over HTTP at /trpc and over WebSocket (subscriptions) at /trpc,
 * MCP (Streamable HTTP) at /mcp, and GET /healthz.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { LIMITS } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import { localActor } from '../common/actor.ts';
import { appRouter } from '../trpc/app-router.ts';
import type { Context } from '../trpc/trpc.ts';
import { McpEndpoint } from '../mcp/mcp-endpoint.ts';
import { sendJson } from './body.ts';

export interface HttpServerOptions {
  readonly services: Services;
  readonly host: string;
  readonly port: number;
  readonly isHealthy: () => Promise<boolean>;
  readonly onInternalError: (error: unknown) => void;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const createContext = (): Context => ({ services: options.services, actor: localActor });
  const onError = ({ error }: { error: { code: string; cause?: unknown } }): void => {
    if (error.code === 'INTERNAL_SERVER_ERROR') options.onInternalError(error.cause ?? error);
  };
  const trpc = createHTTPHandler({ router: appRouter, basePath: '/trpc/', createContext, maxBodySize: LIMITS.requestBytes, onError });
  const mcp = new McpEndpoint(options.services, options.onInternalError);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      void options.isHealthy().then(
        (ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
    } else if (path === '/mcp') {
      mcp.handle(req, res, localActor).catch((error: unknown) => {
        options.onInternalError(error);
        sendJson(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null });
      });
    } else if (path.startsWith('/trpc/')) {
      trpc(req, res);
    } else {
      sendJson(res, 404, { error: `no route ${path}: use /trpc, /mcp or /healthz` });
    }
  });

  const wss = new WebSocketServer({ server, path: '/trpc', maxPayload: LIMITS.requestBytes });
  const wssHandler = applyWSSHandler({ wss, router: appRouter, createContext, onError, keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 } });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: async () => {
      wssHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
