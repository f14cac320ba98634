/**
 * Chooses the event bus: with `natsUrl` the replicas share events through NATS JetStream
 * (nats-event-bus.ts); without it, the embedded default, one process with the in-process bus.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { InProcessEventBus, type EventBus } from './event-bus.ts';
import { openNats } from './nats-connection.ts';
import { NatsEventBus } from './nats-event-bus.ts';
import { logger } from '../ops/logger.ts';
import type { Metrics } from '../ops/metrics.ts';

const logNatsStatus = (event: string, server: string): void =>
  event === 'reconnect' ? logger.info('NATS connection restored', { server }) : logger.warn(`NATS connection: ${event}`, { server });

export async function createEventBus(
  config: Config,
  db: Database,
  onError: (error: unknown) => void,
  metrics: Metrics,
  onNatsStatus: (event: string, server: string) => void = logNatsStatus,
): Promise<EventBus> {
  if (!config.natsUrl) return new InProcessEventBus(metrics);
  const nats = await openNats(
    {
      url: config.natsUrl,
      stream: config.natsStream,
      maxAgeSeconds: config.natsMaxAgeSeconds,
      maxMessages: config.natsMaxMessages,
      maxBytes: config.natsMaxBytes,
    },
    onNatsStatus,
  );
  const bus = new NatsEventBus({ db, nats, maxBacklog: config.natsMaxMessages, onError, metrics });
  try {
    await bus.start();
  } catch (error) {
    await bus.close().catch(() => undefined);
    throw error;
  }
  return bus;
}
