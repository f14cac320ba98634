/** `agent-coordinator serve`: runs the server until SIGINT/SIGTERM, then drains and closes. */
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import { databaseTarget } from '../coordinator.ts';
import { knowledgeStartupLine } from '../modules/knowledge/knowledge-setup.ts';
import { logger } from '../ops/logger.ts';

export async function serveCommand(args: readonly string[]): Promise<void> {
  const config = loadConfig(args);
  // Whatever the server or PostgreSQL creates (relation files, caches, the lock file) is its owner's only.
  process.umask(0o077);
  const started = Date.now();
  const server = await startServer(config);
  const target = databaseTarget(config);
  const where = target.engine === 'pglite' ? `embedded PGlite in ${target.dataDir}` : 'PostgreSQL';
  // Structured (one JSON object per line on stderr), as a container's log collector wants them.
  const broker = server.coordinator.bus.broker;
  const events = broker ? { events: 'nats', replica: broker.replicaId } : { events: 'in-process' };
  logger.info(`agent-coordinator listening on ${server.url} (${where}; ready in ${Date.now() - started} ms)`, {
    url: server.url,
    database: target.engine,
    ...events,
    endpoints: { trpc: `${server.url}/trpc`, mcp: `${server.url}/mcp`, health: `${server.url}/healthz`, ready: `${server.url}/readyz`, metrics: `${server.url}/metrics` },
  });
  logger.info(knowledgeStartupLine(server.coordinator.services.knowledge.getKnowledgeStatus()));
  await new Promise<void>((resolve) => {
    // A signal that comes again while draining is ignored, not fatal: Ctrl-C reaches both this process and
    // the `serve` that started it (wasm-baseline.ts), which passes it on once more. The drain is bounded.
    const stop = (): void => resolve();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  logger.info('agent-coordinator: shutting down (draining connections)', { graceSeconds: config.shutdownGraceSeconds });
  await server.close();
  logger.info('agent-coordinator: stopped');
}
