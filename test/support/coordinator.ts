/**
 * Real coordinator servers for tests: started in this process on a free port, on embedded PGlite (a
 * fresh temp data folder) or on PostgreSQL (a fresh database from provisionPostgres), plus tRPC clients
 * that talk to them over the wire exactly as agents do.
 *
 *   for (const engine of ENGINES) describe(`x on ${engine}`, function () {
 *     const env = useCoordinator(engine);           // before/after hooks
 *     it('...', async () => { const c = env.client(); await c.register_agent.mutate({ name: 'a' }); });
 *   });
 */
import { rm } from 'node:fs/promises';
import { createTRPCClient, createWSClient, httpBatchLink, httpLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import { ConfigSchema, startServer, type AppRouter, type ConfigInput, type RunningServer } from '@agent-coordinator/server';
import { PROJECT_HEADER } from '@agent-coordinator/shared';
import { newPgliteFolder, postgresTemplateName } from './database-templates.ts';
import { provisionPostgres, type PostgresHandle } from './postgres.ts';
import { until } from './until.ts';

export const ENGINES = ['pglite', 'postgresql'] as const;
export type Engine = (typeof ENGINES)[number];

export type Client = TRPCClient<AppRouter>;

export interface TestCoordinator {
  readonly server: RunningServer;
  readonly url: string;
  /** Where the data lives: restart with `restart()` to get a new server process-state on the same data. */
  readonly storage: { readonly engine: Engine; readonly dataDir?: string; readonly databaseUrl?: string };
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestCoordinator(engine: Engine, settings: Partial<ConfigInput> = {}): Promise<TestCoordinator | null> {
  let pg: PostgresHandle | null = null;
  let dataDir: string | undefined;
  // A copy of the run's migrated template (database-templates.ts) unless the suite brings its own storage.
  const ownStorage = settings.dataDir !== undefined || settings.databaseUrl !== undefined;
  if (engine === 'postgresql') {
    const template = ownStorage ? undefined : postgresTemplateName();
    pg = await provisionPostgres(template === undefined ? {} : { template });
    if (!pg) return null;
  } else {
    dataDir = ownStorage ? await newPgliteFolder({ empty: true }) : await newPgliteFolder();
  }
  const config = ConfigSchema.parse({
    port: 0,
    host: '127.0.0.1',
    ...(pg ? { databaseUrl: pg.url } : { dataDir }),
    ...settings,
  });
  const errors: unknown[] = [];
  const onError = (error: unknown): void => {
    errors.push(error);
    console.error('coordinator internal error:', error);
  };
  let server = await startServer(config, onError);
  const handle: TestCoordinator = {
    get server() {
      return server;
    },
    get url() {
      return server.url;
    },
    storage: { engine, ...(dataDir ? { dataDir } : {}), ...(pg ? { databaseUrl: pg.url } : {}) },
    async restart() {
      await server.close();
      server = await startServer({ ...config, port: server.port }, onError);
    },
    async close() {
      await server.close();
      if (pg) await pg.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

export interface ConnectOptions {
  readonly batch?: boolean;
  /** Sent as `Authorization: Bearer` (HTTP) and the `token` connection param (WebSocket). */
  readonly token?: string;
  /** Sent as `X-Coordinator-Project` and the `project` connection param. */
  readonly project?: string;
}

/** A tRPC client over HTTP (batched) for queries and mutations, WebSocket for subscriptions. */
export function connect(url: string, options: ConnectOptions = {}): { client: Client; close(): void } {
  const params = { ...(options.token ? { token: options.token } : {}), ...(options.project ? { project: options.project } : {}) };
  const headers = () => ({
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...(options.project ? { [PROJECT_HEADER]: options.project } : {}),
  });
  const ws = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    lazy: { enabled: true, closeMs: 0 },
    ...(Object.keys(params).length > 0 ? { connectionParams: params } : {}),
  });
  const http = options.batch === false ? httpLink({ url: `${url}/trpc`, headers }) : httpBatchLink({ url: `${url}/trpc`, headers });
  const client = createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => op.type === 'subscription', true: wsLink({ client: ws }), false: http })],
  });
  return { client, close: () => void ws.close() };
}

/** Mocha hooks: a coordinator per suite (skipped when PostgreSQL is unavailable outside CI). */
export function useCoordinator(engine: Engine, settings: Partial<ConfigInput> = {}) {
  let coordinator: TestCoordinator | null = null;
  const clients: { close(): void }[] = [];
  before(async function () {
    this.timeout(120_000);
    coordinator = await startTestCoordinator(engine, settings);
    if (!coordinator) this.skip();
  });
  after(async () => {
    for (const c of clients) c.close();
    await coordinator?.close();
  });
  return {
    get coordinator(): TestCoordinator {
      if (!coordinator) throw new Error('coordinator not started');
      return coordinator;
    },
    get url(): string {
      return this.coordinator.url;
    },
    /** How many event subscriptions the server holds now: the `before` of `untilSubscribed`. */
    subscriptions(): number {
      return this.coordinator.server.coordinator.bus.subscriberCount;
    },
    /** Resolves once the server holds more than `before` event subscriptions: events from then on reach the new one live. */
    async untilSubscribed(before: number): Promise<void> {
      await until('the event subscription to be held by the server', () => this.subscriptions() > before);
    },
    /** A new client (its own connections); closed after the suite. */
    client(options: ConnectOptions = {}): Client {
      const connection = connect(this.coordinator.url, options);
      clients.push(connection);
      return connection.client;
    },
  };
}
