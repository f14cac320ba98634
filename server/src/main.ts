/**
 * The composition root: configuration → coordinator (database, events, services, sweeper) → one
 * HTTP/WebSocket/MCP server. `startServer` is what `agent-coordinator serve`, the tests and the
 * container all run.
 */
import { createCoordinator, type Coordinator } from './coordinator.ts';
import { startHttpServer } from './http/http-server.ts';
import type { Config } from './config.ts';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly coordinator: Coordinator;
  close(): Promise<void>;
}

export const logError = (error: unknown): void => {
  console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
};

export async function startServer(config: Config, onInternalError: (error: unknown) => void = logError): Promise<RunningServer> {
  const coordinator = await createCoordinator(config, onInternalError);
  try {
    const http = await startHttpServer({
      services: coordinator.services,
      host: config.host,
      port: config.port,
      onInternalError,
      isHealthy: async () => (await coordinator.database.query('select 1 as ok')).length === 1,
    });
    let closing: Promise<void> | null = null;
    return {
      url: http.url,
      port: http.port,
      coordinator,
      close: () => (closing ??= http.close().then(() => coordinator.close())),
    };
  } catch (error) {
    await coordinator.close();
    throw error;
  }
}
