/**
 * Server configuration from command-line flags and environment variables (flags win), parsed by zod so
 * a bad value stops the server with a message naming the setting.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_APPROVAL_TTL_SECONDS, parseInput } from '@agent-coordinator/shared';
import { parseAllowedOrigins } from './http/request-origin.ts';
import { readFlags } from './common/command-line.ts';

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
  policiesFile: z.string().min(1).optional(),
  approvalTtlSeconds: seconds.default(DEFAULT_APPROVAL_TTL_SECONDS),
  // Knowledge (docs/knowledge.md): the built-in embedder unless an OpenAI-compatible URL is given.
  embeddingsUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL such as https://api.openai.com/v1' }).optional(),
  embeddingsModel: z.string().min(1).optional(),
  embeddingsDimensions: z.coerce.number().int().min(8).max(16_000).optional(),
  embeddingsApiKey: z.string().min(1).optional(),
  duplicateThreshold: z.coerce.number().min(0).max(1).default(0.75),
  // Several replicas: events go through NATS JetStream (docs/scale-out.md); without it, the in-process bus.
  natsUrl: z.string().regex(/^(nats|tls|wss?):\/\/[^\s]+$/, { error: 'must be a nats:// URL (several: comma-separated)' }).optional(),
  natsStream: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'letters, digits, _ and - only' }).default('AGENT_COORDINATOR'),
  natsMaxAgeSeconds: seconds.default(24 * 3600),
  natsMaxMessages: seconds.default(1_000_000),
  natsMaxBytes: seconds.default(1024 ** 3),
  shutdownGraceSeconds: z.coerce.number().min(0).max(600).default(10),
  // Accounts (docs/accounts-and-projects.md): with none, a loopback server is single-user local mode.
  adminName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/, { error: 'letters, digits, dot, dash, underscore or @' }).default('admin'),
  adminPassword: z.string().min(12, { error: 'needs at least 12 characters' }).optional(),
  credentialRecheckSeconds: seconds.default(15),
  // Browser origins besides the defaults (http/request-origin.ts); comma-separated scheme://host[:port].
  allowedOrigins: z
    .string()
    .default('')
    .transform((list, ctx) => {
      try {
        return parseAllowedOrigins(list);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  mcpSessionIdleSeconds: seconds.default(3600),
  // Runs of agent adapters (docs/adapters.md).
  repoRoot: z.string().min(1).optional(),
  maxConcurrentRuns: z.coerce.number().int().min(0).max(1000).default(4),
  runTimeLimitSeconds: seconds.default(3600),
  adapterHealthSeconds: seconds.default(300),
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
  policiesFile: { flag: '--policies', env: 'COORDINATOR_POLICIES_FILE', help: 'policies.yaml to enforce, reloaded when it changes (default: none; API-declared policies still apply)' },
  approvalTtlSeconds: {
    flag: '--approval-ttl',
    env: 'COORDINATOR_APPROVAL_TTL_SECONDS',
    help: 'seconds a change a policy escalated waits for a human; then it expires unanswered, is never applied, and the requester must ask again (default 1 day)',
  },
  embeddingsUrl: { flag: '--embeddings-url', env: 'COORDINATOR_EMBEDDINGS_URL', help: 'OpenAI-compatible embeddings API base URL (default: the built-in offline embedder)' },
  embeddingsModel: { flag: '--embeddings-model', env: 'COORDINATOR_EMBEDDINGS_MODEL', help: 'embedding model name (required with --embeddings-url)' },
  embeddingsDimensions: { flag: '--embeddings-dimensions', env: 'COORDINATOR_EMBEDDINGS_DIMENSIONS', help: 'length of the embedding vectors (built-in: default 256; required with --embeddings-url); a change re-embeds in the background' },
  embeddingsApiKey: { flag: '--embeddings-api-key', env: 'COORDINATOR_EMBEDDINGS_API_KEY', help: 'bearer key for the embeddings API (prefer the environment variable: flags show in process lists)' },
  duplicateThreshold: { flag: '--duplicate-threshold', env: 'COORDINATOR_DUPLICATE_THRESHOLD', help: 'similarity (0-1) from which create_task warns of a possible duplicate (default 0.75; 1: identical only)' },
  natsUrl: { flag: '--nats-url', env: 'NATS_URL', help: 'NATS with JetStream, for several replicas on one PostgreSQL (default: none, events stay in this process)' },
  natsStream: { flag: '--nats-stream', env: 'COORDINATOR_NATS_STREAM', help: 'JetStream stream (and subject prefix) of the events (default AGENT_COORDINATOR)' },
  natsMaxAgeSeconds: { flag: '--nats-max-age', env: 'COORDINATOR_NATS_MAX_AGE_SECONDS', help: 'the stream keeps events this long (default 1 day; the database log is what clients resume from)' },
  natsMaxMessages: { flag: '--nats-max-messages', env: 'COORDINATOR_NATS_MAX_MESSAGES', help: 'the stream keeps at most this many events (default 1,000,000)' },
  natsMaxBytes: { flag: '--nats-max-bytes', env: 'COORDINATOR_NATS_MAX_BYTES', help: 'the stream keeps at most this many bytes (default 1 GiB)' },
  shutdownGraceSeconds: { flag: '--shutdown-grace', env: 'COORDINATOR_SHUTDOWN_GRACE_SECONDS', help: 'on SIGTERM, seconds to let requests in flight finish before connections close (default 10)' },
  adminName: { flag: '--admin-name', env: 'COORDINATOR_ADMIN_NAME', help: 'name of the first admin account created from --admin-password (default admin)' },
  adminPassword: {
    flag: '--admin-password',
    env: 'COORDINATOR_ADMIN_PASSWORD',
    help: 'creates the first admin (member of project local) when no account exists, switching on accounts; required to bind a non-loopback address (prefer the environment variable)',
  },
  credentialRecheckSeconds: {
    flag: '--credential-recheck',
    env: 'COORDINATOR_CREDENTIAL_RECHECK_SECONDS',
    help: 'how often a running WebSocket subscription or MCP session re-checks its token: a revoked token or disabled account ends it within this (default 15)',
  },
  allowedOrigins: {
    flag: '--allowed-origins',
    env: 'COORDINATOR_ALLOWED_ORIGINS',
    help: "comma-separated browser origins (scheme://host[:port]) allowed to call besides the server's own, loopback and VS Code webviews (default: none)",
  },
  mcpSessionIdleSeconds: {
    flag: '--mcp-session-idle',
    env: 'COORDINATOR_MCP_SESSION_IDLE_SECONDS',
    help: 'an MCP session without a request or an open event stream for this many seconds is closed; its client must initialize again (default 3600)',
  },
  repoRoot: { flag: '--repo', env: 'COORDINATOR_REPO_ROOT', help: 'the git repository runs work in, and whose .agent-coordinator/adapters.json configures adapters (default: the current directory)' },
  maxConcurrentRuns: { flag: '--max-runs', env: 'COORDINATOR_MAX_RUNS', help: 'agent runs this server keeps going at once (default 4; 0: runs off)' },
  runTimeLimitSeconds: { flag: '--run-time-limit', env: 'COORDINATOR_RUN_TIME_LIMIT_SECONDS', help: 'a run still going after this many seconds is cancelled and its task released (default 3600)' },
  adapterHealthSeconds: { flag: '--adapter-health-interval', env: 'COORDINATOR_ADAPTER_HEALTH_SECONDS', help: 'how often adapters are health-checked; a change is an event (default 300)' },
} as const satisfies Record<keyof Config, { flag: string; env: string; help: string }>;

/** Reads settings from `--flag value` / `--flag=value` arguments and the environment. */
export function loadConfig(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
  }
  const byFlag = new Map(Object.entries(SETTINGS).map(([key, setting]) => [setting.flag.slice(2), key]));
  const flags = readFlags(args, { values: [...byFlag.keys()] });
  const [extra] = flags.positionals;
  if (extra !== undefined) throw new Error(`unexpected argument "${extra}"; options: ${Object.values(SETTINGS).map((s) => s.flag).join(' ')}`);
  for (const [flag, value] of flags.values) raw[byFlag.get(flag) ?? flag] = value;
  return parseInput('configuration', ConfigSchema, raw);
}
