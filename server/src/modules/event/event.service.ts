/**
 * Event streams for subscribers: live events, resumable after the last id seen. Resuming replays what
 * was missed from the log; a position older than the retained log yields a `stream.resync` signal
 * instead of a silent gap, and the stream continues from the head.
 */
import {
  ListEventsInputSchema,
  SubscribeEventsInputSchema,
  parseInput,
  type CoordinatorEvent,
  type StreamMessage,
  type SubscribeEventsInput,
} from '@agent-coordinator/shared';
import type { EventBus } from '../../events/event-bus.ts';
import type { EventLog } from '../../events/event-log.ts';

const BACKFILL_PAGE = 500;
const MAX_BUFFERED = 10_000;

export class EventService {
  readonly #log: EventLog;
  readonly #bus: EventBus;

  constructor(log: EventLog, bus: EventBus) {
    this.#log = log;
    this.#bus = bus;
  }

  list(raw: { after?: number; limit?: number }): Promise<CoordinatorEvent[]> {
    const input = parseInput('list_events', ListEventsInputSchema, raw);
    return this.#log.listAfter(input.after, input.limit);
  }

  async *stream(raw: SubscribeEventsInput, signal?: AbortSignal): AsyncGenerator<StreamMessage> {
    const input = parseInput('subscribe_events', SubscribeEventsInputSchema, raw);
    const wanted = input.types ? new Set(input.types) : null;
    const buffered: CoordinatorEvent[] = [];
    let overflowed = false;
    let wake: (() => void) | null = null;
    // Subscribe before reading the log, so nothing falls between backfill and live delivery.
    const unsubscribe = this.#bus.subscribe((event) => {
      if (buffered.length >= MAX_BUFFERED) overflowed = true;
      else buffered.push(event);
      wake?.();
    });
    const onAbort = (): void => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      const head = await this.#log.lastSeq();
      let last = input.lastEventId === null || input.lastEventId === undefined ? head : Number(input.lastEventId);
      if (last < head || last > head) {
        const first = await this.#log.firstRetainedSeq();
        const lost = last > head || (first === null ? head > last : first > last + 1);
        if (lost) {
          yield resync(head, last > head ? `event ${last} is ahead of this server's log` : `events after ${last} are no longer retained`);
          last = head;
        }
      }
      while (!signal?.aborted) {
        if (overflowed) {
          const now = await this.#log.lastSeq();
          yield resync(now, 'the subscriber fell too far behind');
          buffered.length = 0;
          overflowed = false;
          last = now;
        }
        const next = buffered[0];
        if (next && next.id <= last) {
          buffered.shift();
          continue;
        }
        if (next && next.id === last + 1) {
          buffered.shift();
          last = next.id;
          if (!wanted || wanted.has(next.type)) yield next;
          continue;
        }
        if (next || last < head) {
          // A gap between what was sent and what is live (backfill on resume): read it from the log.
          const page = await this.#log.listAfter(last, BACKFILL_PAGE);
          for (const event of page) {
            last = event.id;
            if (!wanted || wanted.has(event.type)) yield event;
          }
          if (page.length === 0 && next) last = next.id - 1; // the log was pruned under us: accept the live event
          if (page.length > 0 || next) continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (buffered.length > 0 || signal?.aborted) resolve();
        });
        wake = null;
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function resync(headId: number, reason: string): StreamMessage {
  return { type: 'stream.resync', id: headId, at: new Date().toISOString(), reason, resume_from: headId };
}
