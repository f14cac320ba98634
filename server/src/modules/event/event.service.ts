/**
 * Event streams for subscribers: live events, resumable after the last id seen. Resuming replays what
 * was missed from the log; a position the log no longer has (older than retention, or pruned while the
 * subscriber lagged) or a subscriber too far behind yields a `stream.resync` signal carrying a state
 * snapshot instead of a silent gap, and the stream continues after the snapshot's position.
 *
 * A subscriber sees the events of its caller's project and the server-wide ones (no project); its resync
 * snapshot is of that project. Ids are numbered server-wide, so a subscriber's ids skip other projects'
 * events: the position and the hole detection below run over every event, and only then is an event
 * left out as another project's — a skipped id is never taken for a lost one.
 */
import type {
  CoordinatorEvent,
  ListEventsInputSchema,
  Parsed,
  ResyncSignal,
  StateSnapshot,
  StreamMessage,
  SubscribeEventsInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { EventBus } from '../../events/event-bus.ts';
import { visibleIn, type EventLog } from '../../events/event-log.ts';
import type { SnapshotReader } from './state-snapshot.ts';

const BACKFILL_PAGE = 500;
const MAX_BUFFERED = 10_000;

export class EventService {
  readonly #log: EventLog;
  readonly #bus: EventBus;
  readonly #snapshot: SnapshotReader | null;
  /** Per project, one snapshot read shared by every subscriber resyncing at the same moment. */
  readonly #snapshotting = new Map<string, Promise<StateSnapshot>>();

  constructor(log: EventLog, bus: EventBus, snapshot: SnapshotReader | null = null) {
    this.#log = log;
    this.#bus = bus;
    this.#snapshot = snapshot;
  }

  /** A page of the events the caller's project sees, after an id. */
  listEvents(actor: Actor, input: Parsed<typeof ListEventsInputSchema>): Promise<CoordinatorEvent[]> {
    return this.#log.listVisibleAfter(actor.project, input.after, input.limit);
  }

  async *subscribeEvents(actor: Actor, input: Parsed<typeof SubscribeEventsInputSchema>, signal?: AbortSignal): AsyncGenerator<StreamMessage> {
    const wanted = input.types ? new Set(input.types) : null;
    const visible = (event: CoordinatorEvent): boolean => visibleIn(actor.project, event) && (!wanted || wanted.has(event.type));
    const buffered: CoordinatorEvent[] = [];
    let overflowed = false;
    let wake: (() => void) | null = null;
    // Live events this subscriber does not see (types it filtered out, other projects' events), while
    // nothing is buffered: not woken for, only remembered as a run of ids (the bus delivers contiguous
    // ids), so the position still advances without a read of the log. An MCP session waiting for one
    // event type, or a project that is quiet while others are busy, costs nothing per event.
    const quiet: { run: { from: number; to: number } | null } = { run: null };
    // Subscribe before reading the log, so nothing falls between backfill and live delivery.
    const unsubscribe = this.#bus.subscribe((event) => {
      if (!visible(event) && buffered.length === 0 && !overflowed) {
        const run = quiet.run;
        quiet.run = run && event.id === run.to + 1 ? { from: run.from, to: event.id } : { from: event.id, to: event.id };
        return;
      }
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
          const resync = await this.#resync(actor, last > head ? `event ${last} is ahead of this server's log` : `events after ${last} are no longer retained`);
          yield resync;
          last = resync.resume_from;
        }
      }
      while (!signal?.aborted) {
        if (overflowed) {
          buffered.length = 0;
          overflowed = false;
          const resync = await this.#resync(actor, 'the subscriber fell too far behind');
          yield resync;
          last = resync.resume_from;
          continue;
        }
        const skipped = quiet.run;
        if (skipped && skipped.from <= last + 1) {
          if (skipped.to > last) last = skipped.to;
          quiet.run = null;
        }
        const next = buffered[0];
        if (next && next.id <= last) {
          buffered.shift();
          continue;
        }
        if (next && next.id === last + 1) {
          buffered.shift();
          last = next.id;
          if (visible(next)) yield next;
          continue;
        }
        if (next || last < head) {
          // A gap between what was sent and what is live (backfill on resume): read it from the log, every
          // project's events, so that a hole means pruned and not merely another project's.
          const page = await this.#log.listAfter(last, BACKFILL_PAGE);
          const first = page[0];
          if ((first && first.id > last + 1) || (!first && next)) {
            // What comes next was pruned while this subscriber lagged: say so rather than skip it.
            const resync = await this.#resync(actor, `events after ${last} are no longer retained`);
            yield resync;
            last = resync.resume_from;
            continue;
          }
          for (const event of page) {
            last = event.id;
            if (visible(event)) yield event;
          }
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

  /** The resync signal: the state of the caller's project to reload (when a snapshot reader is wired) and where the stream goes on. */
  async #resync(actor: Actor, reason: string): Promise<ResyncSignal> {
    const read = this.#snapshot;
    if (!read) {
      const head = await this.#log.lastSeq();
      return { type: 'stream.resync', id: head, at: new Date().toISOString(), reason, resume_from: head };
    }
    let snapshotting = this.#snapshotting.get(actor.project);
    if (!snapshotting) {
      snapshotting = read(actor).finally(() => this.#snapshotting.delete(actor.project));
      this.#snapshotting.set(actor.project, snapshotting);
    }
    const snapshot = await snapshotting;
    return { type: 'stream.resync', id: snapshot.as_of, at: new Date().toISOString(), reason, resume_from: snapshot.as_of, snapshot };
  }
}
