/**
 * Server configuration from command-line flags and environment variables (flags win), parsed by zod so
 * a bad value stops the server with a message naming the setting.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { parseInput } from '@agent-coordinator/shared';

export const DEFAULT_PORT = 7421;
export const DEFAULT_HOST = '127.0.0.1';

/** The per-user data folder: XDG on Linux, Application Support on macOS, LOCALAPPDATA on Windows. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'agent-coordinator');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'agent-coordinator');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'agent-coordinator');
}

const seconds = z.coerce.number().int().positive();

export const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_PORT),
  host: z.string().min(1).default(DEFAULT_HOST),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' }).optional(),
  dataDir: z.string().min(1).optional(),
  livenessTimeoutSeconds: seconds.default(60),
  eventRetentionMaxAgeSeconds: seconds.default(30 * 24 * 3600),
  eventRetentionMaxCount: seconds.default(1_000_000),
});
export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Each setting: its flag, its environment variable, and what it means (the README's table is this). */
export const SETTINGS = {
  port: { flag: '--port', env: 'PORT', help: `port for HTTP, WebSocket and MCP (default ${DEFAULT_PORT})` },
  host: { flag: '--host', env: 'HOST', help: `address to bind (default ${DEFAULT_HOST})` },
  databaseUrl: { flag: '--database-url', env: 'DATABASE_URL', help: 'PostgreSQL URL; without it the embedded PGlite is used' },
  dataDir: { flag: '--data-dir', env: 'COORDINATOR_DATA_DIR', help: 'folder of the embedded database (default: per-user data folder)' },
  livenessTimeoutSeconds: { flag: '--liveness-timeout', env: 'COORDINATOR_LIVENESS_TIMEOUT_SECONDS', help: 'seconds without heartbeat before an agent is offline (default 60)' },
  eventRetentionMaxAgeSeconds: { flag: '--event-max-age', env: 'COORDINATOR_EVENT_MAX_AGE_SECONDS', help: 'events older than this are pruned (default 30 days)' },
  eventRetentionMaxCount: { flag: '--event-max-count', env: 'COORDINATOR_EVENT_MAX_COUNT', help: 'at most this many events are kept (default 1,000,000)' },
} as const satisfies Record<keyof Config, { flag: string; env: string; help: string }>;

/** Reads settings from `--flag value` / `--flag=value` arguments and the environment. */
export function loadConfig(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const entry = Object.entries(SETTINGS).find(([, s]) => s.flag === flag);
    if (!entry) throw new Error(`unknown option ${arg}; options: ${Object.values(SETTINGS).map((s) => s.flag).join(' ')}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    raw[entry[0]] = value;
  }
  return parseInput('configuration', ConfigSchema, raw);
}
