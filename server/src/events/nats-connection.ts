/**
 * The NATS side of several replicas: one connection per replica (reconnecting forever), the JetStream
 * stream that carries the numbered events, kept to its retention limits, and the subjects:
 * `<stream>.events` (in the stream, one message per event, message id = seq) and `<stream>.live` (core
 * NATS only, not stored: a replica that numbered events sends them there at once, so the other replicas
 * deliver them without waiting for the stream, and the outbox publisher wakes).
 *
 * Only what nats-server 2.9 already has is used (streams with max_age/max_msgs/max_bytes, dedupe by
 * message id, ordered consumers): Debian ships 2.9.10, the container 2.10+. The version is checked.
 */
import { hostname } from 'node:os';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';

export interface NatsSettings {
  readonly url: string;
  readonly stream: string;
  readonly maxAgeSeconds: number;
  readonly maxMessages: number;
  readonly maxBytes: number;
}

export interface NatsLink {
  readonly connection: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly stream: string;
  readonly eventsSubject: string;
  readonly liveSubject: string;
  readonly serverVersion: string;
  /** False while the connection is down (NATS restarting): readiness and metrics report it. */
  connected(): boolean;
  /** Called each time the connection comes back after a disconnect. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

const NANOS_PER_SECOND = 1_000_000_000;
/** How long JetStream remembers a message id: a re-publish after a publisher crash falls well inside it. */
export const DUPLICATE_WINDOW_SECONDS = 120;
const MIN_VERSION = [2, 9, 0] as const;

export function streamConfig(settings: NatsSettings): Partial<StreamConfig> & { name: string } {
  return {
    name: settings.stream,
    subjects: [`${settings.stream}.events`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: settings.maxAgeSeconds * NANOS_PER_SECOND,
    max_msgs: settings.maxMessages,
    max_bytes: settings.maxBytes,
    duplicate_window: Math.min(DUPLICATE_WINDOW_SECONDS, settings.maxAgeSeconds) * NANOS_PER_SECOND,
  };
}

export async function openNats(settings: NatsSettings, onStatus: (event: string, detail: string) => void): Promise<NatsLink> {
  const connection = await connect({
    servers: settings.url.split(',').map((s) => s.trim()),
    name: `agent-coordinator ${hostname()}:${process.pid}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 5_000,
    timeout: 5_000,
  });
  const serverVersion = connection.info?.version ?? '0.0.0';
  try {
    const version = serverVersion.split('.').map((n) => Number.parseInt(n, 10));
    const tooOld = MIN_VERSION.some((min, i) => {
      const have = version[i] ?? 0;
      const earlier = MIN_VERSION.slice(0, i).every((m, j) => (version[j] ?? 0) === m);
      return earlier && have < min;
    });
    if (tooOld) throw new Error(`nats-server ${serverVersion} is too old: JetStream ordered consumers need ${MIN_VERSION.join('.')} or later`);
    const jsm = await jetstreamManager(connection);
    await ensureStream(jsm, settings);
    let up = true;
    const reconnected: (() => void)[] = [];
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'disconnect') up = false;
        if (status.type === 'reconnect') {
          up = true;
          for (const listener of reconnected) listener();
        }
        if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') onStatus(status.type, 'server' in status ? String(status.server) : '');
      }
    })();
    return {
      connection,
      js: jetstream(connection),
      jsm,
      stream: settings.stream,
      eventsSubject: `${settings.stream}.events`,
      liveSubject: `${settings.stream}.live`,
      serverVersion,
      connected: () => up && !connection.isClosed(),
      onReconnect: (listener) => void reconnected.push(listener),
      close: async () => {
        if (!connection.isClosed()) await connection.drain().catch(() => connection.close());
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/**
 * Creates the stream, or brings an existing one to the configured retention (several replicas starting
 * at once may race to create it: whoever loses updates instead).
 */
async function ensureStream(jsm: JetStreamManager, settings: NatsSettings): Promise<void> {
  const wanted = streamConfig(settings);
  const existing = await jsm.streams.info(settings.stream).catch((error: unknown) => {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return null;
    throw error;
  });
  if (!existing) {
    try {
      await jsm.streams.add(wanted);
      return;
    } catch (error) {
      if (!(error instanceof JetStreamApiError)) throw error; // created by another replica meanwhile: update below
    }
  }
  const current = existing?.config ?? (await jsm.streams.info(settings.stream)).config;
  const limits = { max_age: wanted.max_age, max_msgs: wanted.max_msgs, max_bytes: wanted.max_bytes, duplicate_window: wanted.duplicate_window };
  if (Object.entries(limits).some(([key, value]) => current[key as keyof typeof limits] !== value)) await jsm.streams.update(settings.stream, limits);
}
