/**
 * What an operator sees of a replica: `/metrics` (Prometheus text) and `/readyz` (the database and, with
 * several replicas, NATS reachable; not draining). `/healthz` stays the plain liveness probe.
 *
 * Metrics of this replica: claims made, lock requests granted/refused and the conflicts named, events
 * committed by type, WebSocket clients, MCP sessions, requests in flight, event subscribers, event
 * delivery latency (change's transaction start → handed to this replica's subscribers), memory.
 * Metrics of the cluster, read from the database at scrape: active agents, log head, events committed
 * but not numbered yet, and the outbox lag (numbered but not yet in JetStream).
 */
import type { ServerResponse } from 'node:http';
import type { Coordinator } from '../coordinator.ts';
import { OpsRepository } from './ops.repository.ts';
import type { PrometheusMetrics } from './prometheus-metrics.ts';

/** Counts a transport feeds in: the HTTP server's WebSocket clients, MCP sessions, requests in flight. */
export interface TransportGauges {
  webSocketClients(): number;
  mcpSessions(): number;
  requestsInFlight(): number;
}

export interface OpsRoutes {
  /** Serves /metrics and /readyz; false for any other path. */
  handle(path: string, res: ServerResponse): boolean;
  watch(transport: TransportGauges): void;
}

export interface Readiness {
  readonly ready: boolean;
  readonly database: 'up' | 'down';
  readonly nats: 'up' | 'down' | 'not configured';
  readonly draining: boolean;
}

export interface Ops {
  readonly metrics: PrometheusMetrics;
  readonly routes: OpsRoutes;
  readiness(): Promise<Readiness>;
  /** Readiness turns 503 from now on, so load balancers stop sending new work here. */
  markDraining(): void;
}

const PROBE_TIMEOUT_MS = 1_000;

/** The cluster's figures in the database (ops.repository.ts). */
export type ClusterReads = Pick<OpsRepository, 'activeAgents' | 'unsequencedEvents' | 'logAndOutbox' | 'ping'>;

/** Bus listeners the server itself holds, not counted as subscribers: the lock-wait waker (coordinator.ts). */
const SERVER_OWN_LISTENERS = 1;

/** Adds the scrape-time gauges to the coordinator's metrics and serves them with readiness. */
export function createOps(coordinator: Coordinator, options: { readonly livenessTimeoutSeconds: number }, cluster: ClusterReads = new OpsRepository()): Ops {
  const { database, eventLog, bus, metrics } = coordinator;
  let transport: TransportGauges | null = null;
  let draining = false;

  metrics.gauge('coordinator_active_agents', 'Agents online (heartbeat within the liveness timeout), across replicas.', async () => {
    return cluster.activeAgents(database, options.livenessTimeoutSeconds);
  });
  metrics.gauge('coordinator_websocket_clients', 'WebSocket clients connected to this replica.', () => transport?.webSocketClients() ?? 0);
  metrics.gauge('coordinator_mcp_sessions', 'MCP sessions open on this replica.', () => transport?.mcpSessions() ?? 0);
  metrics.gauge('coordinator_http_requests_in_flight', 'HTTP requests being served by this replica.', () => transport?.requestsInFlight() ?? 0);
  metrics.gauge('coordinator_event_subscribers', 'Event stream subscribers on this replica (WebSocket subscriptions, MCP sessions).', () =>
    Math.max(0, bus.subscriberCount - SERVER_OWN_LISTENERS),
  );
  metrics.gauge('coordinator_event_head_seq', 'Id of the newest numbered event.', async () => eventLog.lastSeq());
  metrics.gauge('coordinator_events_unsequenced', 'Events committed but not numbered yet (numbered within milliseconds normally).', async () => {
    return cluster.unsequencedEvents(database);
  });

  const broker = bus.broker;
  if (broker) {
    const status = () => bus.broker ?? broker;
    metrics.gauge('coordinator_outbox_lag_events', 'Numbered events not yet acknowledged by JetStream (the persisted watermark lags up to 1 s).', async () => {
      const { lastSeq, publishedSeq } = await cluster.logAndOutbox(database);
      const published = status().publishedSeq ?? publishedSeq;
      return Math.max(0, lastSeq - published);
    });
    metrics.gauge('coordinator_outbox_leader', '1 while this replica holds the outbox publisher lease.', () => (status().leader ? 1 : 0));
    metrics.gauge('coordinator_outbox_published_total', 'Events this replica published to JetStream (re-publishes included).', () => status().published, { counter: true });
    metrics.gauge('coordinator_outbox_publish_failures_total', 'Publish rounds that failed (NATS away); retried.', () => status().failures, { counter: true });
    metrics.gauge('coordinator_nats_connected', '1 while the NATS connection is up.', () => (status().connected ? 1 : 0));
    metrics.gauge('coordinator_event_delivered_seq', "Highest event id handed to this replica's subscribers.", () => status().deliveredSeq ?? 0);
  }

  metrics.gauge('process_resident_memory_bytes', 'Resident memory of this replica.', () => process.memoryUsage.rss());
  metrics.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
  metrics.gauge('nodejs_heap_total_bytes', 'V8 heap reserved.', () => process.memoryUsage().heapTotal);
  metrics.gauge('nodejs_external_memory_bytes', 'Memory of C++ objects bound to JavaScript (buffers included).', () => process.memoryUsage().external);
  metrics.gauge('process_uptime_seconds', 'Seconds since this replica started.', () => process.uptime());

  const databaseUp = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)));
    try {
      return await Promise.race([cluster.ping(database), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };

  const readiness = async (): Promise<Readiness> => {
    const db = (await databaseUp()) ? 'up' : 'down';
    const broker = bus.broker;
    const nats = broker ? (broker.connected ? 'up' : 'down') : 'not configured';
    return { ready: !draining && db === 'up' && nats !== 'down', database: db, nats, draining };
  };

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  };

  return {
    metrics,
    readiness,
    markDraining: () => {
      draining = true;
    },
    routes: {
      watch: (gauges) => {
        transport = gauges;
      },
      handle: (path, res) => {
        if (path === '/metrics') {
          metrics.render().then(
            ({ contentType, text }) => send(res, 200, contentType, text),
            () => send(res, 500, 'text/plain; charset=utf-8', 'metrics unavailable\n'),
          );
          return true;
        }
        if (path === '/readyz') {
          readiness().then(
            (state) => send(res, state.ready ? 200 : 503, 'application/json', JSON.stringify({ status: state.ready ? 'ready' : state.draining ? 'draining' : 'unavailable', ...state })),
            () => send(res, 503, 'application/json', JSON.stringify({ status: 'unavailable' })),
          );
          return true;
        }
        return false;
      },
    },
  };
}
