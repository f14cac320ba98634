/**
 * The createCaller tier: the coordinator assembled in this process (createCoordinator, the same composition
 * `serve` uses) and its tRPC router called through `createCaller`, with no HTTP server, socket or client.
 * For suites about what the services and routers do; the suites about transports (HTTP, WebSocket, MCP,
 * origins, processes) keep real servers (coordinator.ts, serve-process.ts).
 *
 *   const env = useInProcessCoordinator('pglite');
 *   it('...', async () => { await env.caller().register_agent({ name: 'a' }); });
 *
 * Errors arrive as the router throws them: a TRPCError whose cause is the CoordinatorError (callerRejectsWith
 * in errors.ts), where a client over the wire sees them through the error formatter (rejectsWith).
 */
import { rm } from 'node:fs/promises';
import { ConfigSchema, type ConfigInput } from '@agent-coordinator/server';
import { createCoordinator, type Coordinator } from '../../server/src/coordinator.ts';
import { appRouter } from '../../server/src/trpc/app-router.ts';
import type { Engine } from './coordinator.ts';
import { newPgliteFolder, postgresTemplateName } from './database-templates.ts';
import { provisionPostgres, type PostgresHandle } from './postgres.ts';

export type Caller = ReturnType<typeof appRouter.createCaller>;

export interface CallerOptions {
  /** Presented as the bearer token would be (accounts mode). */
  readonly token?: string;
  /** Presented as the X-Coordinator-Project header would be. */
  readonly project?: string;
}

/** Mocha hooks: an in-process coordinator per suite, on a copy of the run's migrated database (skipped without PostgreSQL outside CI). */
export function useInProcessCoordinator(engine: Engine, settings: Partial<ConfigInput> = {}) {
  let coordinator: Coordinator | null = null;
  let pg: PostgresHandle | null = null;
  let dataDir: string | undefined;
  const errors: unknown[] = [];
  before(async function () {
    this.timeout(120_000);
    if (engine === 'postgresql') {
      const template = postgresTemplateName();
      pg = await provisionPostgres(template === undefined ? {} : { template });
      if (!pg) this.skip();
    } else {
      dataDir = await newPgliteFolder();
    }
    const config = ConfigSchema.parse({ port: 0, host: '127.0.0.1', ...(pg ? { databaseUrl: pg.url } : { dataDir }), ...settings });
    coordinator = await createCoordinator(config, (error) => {
      errors.push(error);
      console.error('coordinator internal error:', error);
    });
  });
  after(async () => {
    await coordinator?.close();
    await pg?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get coordinator(): Coordinator {
      if (!coordinator) throw new Error('coordinator not started');
      return coordinator;
    },
    /** Errors the coordinator reported in the background (none expected in most suites). */
    backgroundErrors: (): readonly unknown[] => errors,
    /** The app router called in process, with the context a transport would build. */
    caller(options: CallerOptions = {}): Caller {
      return appRouter.createCaller({ services: this.coordinator.services, token: options.token ?? null, project: options.project ?? null, clientAddress: '127.0.0.1' });
    },
  };
}
