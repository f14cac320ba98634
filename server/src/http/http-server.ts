/**
 * One port for everything: tRPC over HTTP at /trpc and over WebSocket (subscriptions) at /trpc,
 * MCP (Streamable HTTP) at /mcp, the REST API at /api (rest/rest-api.ts), GET /healthz, and the
 * dashboard's static files at every other path (dashboard-assets.ts). Every request
 * and WebSocket upgrade passes the Host/Origin check (request-origin.ts) before it reaches a route.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { LIMITS } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import { appRouter } from '../trpc/app-router.ts';
import type { Context } from '../trpc/trpc.ts';
import { McpEndpoint } from '../mcp/mcp-endpoint.ts';
import { sendJson } from './body.ts';
import { presentedCredentials } from './credentials.ts';
import { decideRequestOrigin, type OriginDecision } from './request-origin.ts';
import { isLoopback } from '../common/loopback.ts';
import type { OpsRoutes } from '../ops/ops.ts';
import { RestApi } from '../rest/rest-api.ts';
import { DashboardAssets } from './dashboard-assets.ts';
import { logger } from '../ops/logger.ts';

/** ws's errors for a client's bad frames carry a `WS_ERR_…` code (WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: too large). */
function webSocketProtocolError(cause: unknown): { readonly code: string; readonly message: string } | null {
  if (!(cause instanceof Error) || !('code' in cause)) return null;
  const code = cause.code;
  return typeof code === 'string' && code.startsWith('WS_ERR_') ? { code, message: cause.message } : null;
}
import { describeListenError } from './listen-error.ts';

export interface HttpServerOptions {
  readonly services: Services;
  readonly host: string;
  readonly port: number;
  readonly isHealthy: () => Promise<boolean>;
  readonly onInternalError: (error: unknown) => void;
  /** /metrics and /readyz (ops/ops.ts). */
  readonly ops?: OpsRoutes;
  /** On close, how long requests in flight may take to finish before connections are cut (graceful drain). */
  readonly drainMs?: number;
  /** Browser origins allowed besides the defaults (request-origin.ts), normalised. */
  readonly allowedOrigins?: readonly string[];
  /** An MCP session idle this long is closed (mcp-endpoint.ts). */
  readonly mcpSessionIdleMs?: number;
}

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const createContext = ({ req, info }: { req: IncomingMessage; info?: { connectionParams: Readonly<Record<string, string | undefined>> | null } }): Context => ({
    services: options.services,
    ...presentedCredentials(req, info?.connectionParams),
  });
  const onError = ({ error }: { error: { code: string; cause?: unknown } }): void => {
    if (error.code !== 'INTERNAL_SERVER_ERROR') return;
    const frame = webSocketProtocolError(error.cause);
    // A client's broken or oversized frame: ws has already closed the socket with the right code (1009
    // for too large); the client was wrong, not the server, so it is no internal error.
    if (frame) logger.warn('websocket closed: the client sent a frame the protocol or the size limit refuses', frame);
    else options.onInternalError(error.cause ?? error);
  };
  const trpc = createHTTPHandler({ router: appRouter, basePath: '/trpc/', createContext, maxBodySize: LIMITS.requestBytes, onError });
  const mcp = new McpEndpoint(options.services, options.onInternalError, { idleMs: options.mcpSessionIdleMs ?? 3_600_000 });
  const rest = new RestApi(options.services, options.onInternalError);
  const dashboard = new DashboardAssets();
  const boundToLoopback = isLoopback(options.host);
  const admission = async (req: IncomingMessage, path: string): Promise<OriginDecision> => {
    // Without the database the mode is unknown: a loopback server is judged as local (the stricter Host
    // rule), any other must have accounts (startup-auth.ts). The call itself then fails as UNAVAILABLE.
    const accounts = await options.services.auth.accountsMode().catch(() => !boundToLoopback);
    const policy = { accounts, boundToLoopback, allowedOrigins: options.allowedOrigins ?? [] };
    return decideRequestOrigin(policy, { path, host: req.headers.host, origin: req.headers.origin });
  };

  let inFlight = 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // Requests the drain waits for on close; a GET event stream (MCP's, SSE) never ends by itself.
    if (!(req.method === 'GET' && (req.headers.accept ?? '').includes('text/event-stream'))) {
      inFlight++;
      res.once('close', () => inFlight--);
    }
    if (options.ops?.handle(path, res)) return;
    if (path === '/healthz') {
      void options.isHealthy().then(
        // Knowledge search may be degraded (no pgvector) while the coordinator is healthy: said, not failed.
        (ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', knowledge: options.services.knowledge.getKnowledgeStatus() }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
      return;
    }
    void admission(req, path).then((decision) => {
      if (!decision.allowed) return sendJson(res, 403, { error: decision.reason });
      if (path === '/mcp') {
        mcp.handle(req, res, presentedCredentials(req)).catch((error: unknown) => {
          options.onInternalError(error);
          sendJson(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'internal error' }, id: null });
        });
      } else if (path.startsWith('/trpc/')) {
        trpc(req, res);
      } else if (path.startsWith('/api/')) {
        // REST: its own errors are problem details; this catch is for a failure to answer at all.
        rest.handle(req, res, presentedCredentials(req)).catch(options.onInternalError);
      } else if (path === '/trpc' || path === '/api') {
        sendJson(res, 404, { error: `no route ${path}: use /trpc/<procedure>, /mcp, /api/v1, /healthz, /readyz or /metrics` });
      } else {
        // Everything else is the dashboard (dashboard-assets.ts): its files, or index.html for its own paths.
        dashboard.handle(req.method ?? 'GET', path, res).catch(options.onInternalError);
      }
    });
  });

  const wss = new WebSocketServer({
    server,
    path: '/trpc',
    maxPayload: LIMITS.requestBytes,
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void) => {
      void admission(req, '/trpc').then((decision) =>
        decision.allowed ? done(true) : done(false, 403, JSON.stringify({ error: decision.reason }), { 'Content-Type': 'application/json' }),
      );
    },
  });
  const wssHandler = applyWSSHandler({ wss, router: appRouter, createContext, onError, keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 } });
  options.ops?.watch({ webSocketClients: () => wss.clients.size, mcpSessions: () => mcp.sessionCount, requestsInFlight: () => inFlight });

  // ws re-emits the HTTP server's errors on the WebSocket server, which throws them when nobody listens.
  wss.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error): void => void describeListenError(error, options.host, options.port).then(reject);
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await mcp.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: async () => {
      // Drain: accept no new connections, let requests in flight finish (bounded), then tell WebSocket
      // clients to reconnect (elsewhere, behind a load balancer; subscriptions resume by last event id).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + (options.drainMs ?? 0);
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      wssHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await mcp.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
