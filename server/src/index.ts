/** The server package's public surface for tests and embedding. Clients import only `type AppRouter`. */
export { startServer, type RunningServer } from './main.ts';
export { loadConfig, ConfigSchema, SETTINGS, defaultDataDir, type Config, type ConfigInput } from './config.ts';
export type { AppRouter } from './trpc/app-router.ts';
export type { Services, Coordinator } from './coordinator.ts';
export { PGLITE_SHARED_BUFFERS } from './db/database.ts';
