/** `agent-coordinator serve`: runs the server until SIGINT/SIGTERM, then drains and closes. */
import { loadConfig } from '../config.ts';
import { startServer } from '../main.ts';
import { databaseTarget } from '../coordinator.ts';

export async function serveCommand(args: readonly string[]): Promise<void> {
  const config = loadConfig(args);
  const started = Date.now();
  const server = await startServer(config);
  const target = databaseTarget(config);
  const where = target.engine === 'pglite' ? `embedded PGlite in ${target.dataDir}` : 'PostgreSQL';
  console.error(`agent-coordinator listening on ${server.url} (${where}; ready in ${Date.now() - started} ms)`);
  console.error(`  tRPC ${server.url}/trpc   MCP ${server.url}/mcp   health ${server.url}/healthz`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.error('agent-coordinator: shutting down');
  await server.close();
}
