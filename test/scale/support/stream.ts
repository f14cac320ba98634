/**
 * Reads a JetStream stream of coordinator events from its first message: what the outbox published,
 * to check that each event id is in it once (duplicates suppressed by message id).
 */
import { connect } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager, type StreamInfo } from '@nats-io/jetstream';

export interface StreamContents {
  readonly info: StreamInfo;
  /** Event id (`seq`) of every message, in stream order. */
  readonly ids: readonly number[];
}

export async function readStream(url: string, stream: string): Promise<StreamContents> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const ids: number[] = [];
    if (info.state.messages > 0) {
      const consumer = await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.All });
      const messages = await consumer.consume();
      for await (const message of messages) {
        ids.push(message.json<{ id: number }>().id);
        if (message.info.pending === 0) break;
      }
      await messages.close();
    }
    return { info, ids };
  } finally {
    await nc.close();
  }
}

/** Ids present more than once, and ids in [from, to] absent. */
export function streamGaps(ids: readonly number[], from: number, to: number): { readonly duplicates: number[]; readonly missing: number[] } {
  const seen = new Set<number>();
  const duplicates: number[] = [];
  for (const id of ids) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  const missing: number[] = [];
  for (let id = from; id <= to; id++) if (!seen.has(id)) missing.push(id);
  return { duplicates, missing };
}
