/**
 * The composition root: configuration → coordinator (database, events, services, sweeper) → one
 * HTTP/WebSocket/MCP server. `startServer` is what `agent-coordinator serve`, the tests and the
 * container all run.
 */
import { createCoordinator, databaseTarget, type Coordinator } from './coordinator.ts';
import { lockDataDir } from './db/data-dir-lock.ts';
import { startHttpServer } from './http/http-server.ts';
import type { Config } from './config.ts';
import { createOps, type Ops } from './ops/ops.ts';
import { OpsRepository } from './ops/ops.repository.ts';
import { errorFields, logger } from './ops/logger.ts';
import { requireAuthOffLoopback } from './modules/auth/startup-auth.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly coordinator: Coordinator;
  /** Metrics and readiness of this server (ops/ops.ts). */
  readonly ops: Ops;
  /** Graceful: readiness turns 503, requests in flight finish (bounded by the shutdown grace), then everything closes. */
  close(): Promise<void>;
}

export const logError = (error: unknown): void => logger.error('internal error', errorFields(error));

export async function startServer(config: Config, onInternalError: (error: unknown) => void = logError): Promise<RunningServer> {
  // One process per embedded data folder, taken before PGlite touches it (data-dir-lock.ts).
  const target = databaseTarget(config);
  const lock = target.engine === 'pglite' ? await lockDataDir(target.dataDir) : null;
  const coordinator = await createCoordinator(config, onInternalError).catch(async (error: unknown) => {
    await lock?.release();
    throw error;
  });
  const closeCoordinator = async (): Promise<void> => {
    await coordinator.close();
    await lock?.release();
  };
  try {
    await requireAuthOffLoopback(config, coordinator.services.auth);
  } catch (error) {
    await closeCoordinator();
    throw error;
  }
  const ops = createOps(coordinator, { livenessTimeoutSeconds: config.livenessTimeoutSeconds });
  try {
    const http = await startHttpServer({
      services: coordinator.services,
      host: config.host,
      port: config.port,
      onInternalError,
      isHealthy: () => new OpsRepository().ping(coordinator.database),
      ops: ops.routes,
      drainMs: config.shutdownGraceSeconds * 1000,
      allowedOrigins: config.allowedOrigins,
      mcpSessionIdleMs: config.mcpSessionIdleSeconds * 1000,
    });
    coordinator.setServerUrl(http.url);
    await lock?.record(http.url);
    let closing: Promise<void> | null = null;
    return {
      url: http.url,
      port: http.port,
      coordinator,
      ops,
      close: () => {
        if (closing) return closing;
        ops.markDraining();
        closing = http.close().then(closeCoordinator);
        return closing;
      },
    };
  } catch (error) {
    await closeCoordinator();
    throw error;
  }
}
