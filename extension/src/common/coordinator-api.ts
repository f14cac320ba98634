/**
 * The tRPC client for the coordinator: queries and mutations over HTTP (batched), the event subscription
 * over WebSocket (the `ws` package: the extension host is Node). Only the server's router *type* is
 * imported; nothing of the server is bundled.
 */
import { createTRPCClient, createWSClient, httpBatchLink, TRPCClientError, wsLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@agent-coordinator/server/app-router';
import { LIMITS, PROJECT_HEADER } from '@agent-coordinator/shared';
import type { EventSubscription, EventTransport, SubscriptionHandlers } from './live-connection.ts';
import type { Snapshot } from './coordinator-state.ts';
import type { PlanLoader } from './plan-sync.ts';

export type CoordinatorApi = TRPCClient<AppRouter>;

export interface Endpoint {
  /** Base URL such as http://127.0.0.1:7421 (no trailing slash). */
  readonly url: string;
  /** A session token (Sign In) or an API token (Set Server Token); none in single-user local mode. */
  readonly token?: string | undefined;
  /** The project every call is scoped to (`agentCoordinator.project`); none lets the server decide. */
  readonly project?: string | undefined;
}

export const normalizeServerUrl = (raw: string): string => raw.trim().replace(/\/+$/, '').replace(/\/(trpc|mcp)$/, '');
export const trpcHttpUrl = (endpoint: Endpoint): string => `${endpoint.url}/trpc`;
export const trpcWsUrl = (endpoint: Endpoint): string => `${endpoint.url.replace(/^http/, 'ws')}/trpc`;
export const mcpUrl = (serverUrl: string): string => `${normalizeServerUrl(serverUrl)}/mcp`;

/** What every HTTP request (tRPC and MCP) presents: `Authorization: Bearer` and the project header. */
export function authHeaders(endpoint: Endpoint): Record<string, string> {
  return {
    ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
    ...(endpoint.project ? { [PROJECT_HEADER]: endpoint.project } : {}),
  };
}

/** The same for a WebSocket, which cannot carry headers from Node's `ws` through tRPC: connection params. */
export function connectionParams(endpoint: Endpoint): Record<string, string> | null {
  const params = { ...(endpoint.token ? { token: endpoint.token } : {}), ...(endpoint.project ? { project: endpoint.project } : {}) };
  return Object.keys(params).length > 0 ? params : null;
}

export function createApi(endpoint: Endpoint): CoordinatorApi {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: trpcHttpUrl(endpoint), headers: () => authHeaders(endpoint), maxItems: 20 })],
  });
}

/** The error code the coordinator attached (LOCK_HELD, NOT_FOUND, ...), if any. */
export function coordinatorErrorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('coordinator' in data)) return null;
  const coordinator: unknown = data.coordinator;
  return typeof coordinator === 'object' && coordinator !== null && 'code' in coordinator ? String(coordinator.code) : null;
}

/** A message fit for a person: the coordinator's own message when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    if (code === 'ECONNREFUSED') return 'the coordinator is not running (connection refused)';
    return error.message;
  }
  return String(error);
}

/** Loads what the views need: every agent, the tasks (newest first, bounded) and the live locks. */
export async function loadSnapshot(api: CoordinatorApi): Promise<Snapshot> {
  const [agents, tasks, locks] = await Promise.all([
    api.list_agents.query(),
    api.list_tasks.query({ limit: LIMITS.listPageSize }),
    api.list_locks.query({}),
  ]);
  return { agents, tasks, locks };
}

/** How many decided approvals of each outcome the Approvals view starts with. */
const DECIDED_LOADED = 10;

/** Loads the planning side: missions, sprints, coverage, approvals (pending and recently decided), policies, audit. */
export function createPlanLoader(api: CoordinatorApi): PlanLoader {
  return {
    missions: () => api.list_missions.query({}),
    sprints: () => api.list_sprints.query({}),
    coverage: () => api.get_coverage.query({}),
    approvals: async () => {
      // One HTTP request: the batch link joins these.
      const lists = await Promise.all([
        api.list_approvals.query({ status: 'pending' }),
        api.list_approvals.query({ status: 'approved', limit: DECIDED_LOADED }),
        api.list_approvals.query({ status: 'rejected', limit: DECIDED_LOADED }),
        api.list_approvals.query({ status: 'failed', limit: DECIDED_LOADED }),
        api.list_approvals.query({ status: 'expired', limit: DECIDED_LOADED }),
      ]);
      return lists.flat();
    },
    policies: () => api.list_policies.query(),
    audit: () => api.get_audit_trail.query({ limit: 30 }),
  };
}

/**
 * Node's `ws`, loaded with the first subscription rather than with the extension: requiring it (https, tls,
 * zlib) was about a fifth of the extension's module evaluation, which counts against its activation time.
 */
let nodeWebSocket: Promise<typeof globalThis.WebSocket> | undefined;
const loadWebSocket = (): Promise<typeof globalThis.WebSocket> =>
  (nodeWebSocket ??= import('ws').then((ws) => ws.default as unknown as typeof globalThis.WebSocket));

/** One WebSocket per subscription attempt: reconnecting is the LiveConnection's job, not the socket's. */
export function createEventTransport(endpoint: Endpoint, api: CoordinatorApi = createApi(endpoint)): EventTransport {
  return {
    loadSnapshot: () => loadSnapshot(api),
    subscribe(lastEventId: number | null, handlers: SubscriptionHandlers): EventSubscription {
      let finished = false;
      let stop = (): void => undefined;
      function finish(error: unknown): void {
        if (finished) return;
        finished = true;
        stop();
        handlers.onClosed(error);
      }
      loadWebSocket().then(
        (WebSocket) => {
          if (finished) return;
          const wsClient = createWSClient({
            url: trpcWsUrl(endpoint),
            WebSocket,
            lazy: { enabled: false, closeMs: 0 },
            // The client's own retry would race ours: the first close ends this attempt (see finish()).
            retryDelayMs: () => 60_000,
            keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
            connectionParams: connectionParams(endpoint),
            onClose: (cause) => finish(new Error('connection closed', { cause })),
            onError: (event) => finish(new Error('connection failed', { cause: (event as { error?: unknown } | undefined)?.error ?? event })),
          });
          const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
          const input = lastEventId === null ? {} : { lastEventId: String(lastEventId) };
          const subscription = client.subscribe_events.subscribe(input, {
            onStarted: () => {
              if (!finished) handlers.onStarted();
            },
            onData: (envelope) => {
              if (!finished) handlers.onMessage(envelope.data);
            },
            onError: (error) => finish(error),
            onComplete: () => finish(new Error('the server ended the event stream')),
          });
          stop = () => {
            subscription.unsubscribe();
            void wsClient.close();
          };
        },
        (error: unknown) => finish(error),
      );
      return {
        close: () => {
          if (finished) return;
          finished = true;
          stop();
        },
      };
    },
  };
}

/** GET /healthz: 'ok', 'unhealthy' (answers, but not ready) or 'unreachable' (nothing listens). */
export async function probeHealth(serverUrl: string, timeoutMs = 1_500): Promise<'ok' | 'unhealthy' | 'unreachable'> {
  try {
    const response = await fetch(`${normalizeServerUrl(serverUrl)}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? 'ok' : 'unhealthy';
  } catch {
    return 'unreachable';
  }
}
