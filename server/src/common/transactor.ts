/**
 * Runs a unit of work in one database transaction and records the events it emits in that same
 * transaction, so a change and its events commit together or not at all. After commit the event log
 * is asked to number and publish them.
 */
import type { EventPayload } from '@agent-coordinator/shared';
import type { Database, Sql } from '../db/database.ts';
import type { EventLog } from '../events/event-log.ts';
import { appendEvents, type ScopedPayload } from '../events/event.repository.ts';

export interface Tx extends Sql {
  /** Records events in the transaction's project. */
  emit(...payloads: EventPayload[]): void;
  /** The same transaction recording events in `project`: for batches that serve several projects. */
  within(project: string): Tx;
}

/**
 * Work that follows from a unit of work's events, in the same transaction (the inbox turns a release
 * request into the holder's notification). It sees the events the work emitted, not those it emits itself.
 */
export type EventReaction = (tx: Tx, events: readonly ScopedPayload[]) => Promise<void>;

export class Transactor {
  readonly #db: Database;
  readonly #events: EventLog;
  #reactions: readonly EventReaction[] = [];

  constructor(db: Database, events: EventLog) {
    this.#db = db;
    this.#events = events;
  }

  /** Adds a reaction every later unit of work runs before it commits (wired once, in coordinator.ts). */
  react(reaction: EventReaction): void {
    this.#reactions = [...this.#reactions, reaction];
  }

  /** `project` scopes the events the work records; null for server-wide ones (or a batch using `within`). */
  async run<T>(project: string | null, work: (tx: Tx) => Promise<T>): Promise<T> {
    const pending: ScopedPayload[] = [];
    const result = await this.#db.transaction(async (sql) => {
      const scoped = (scope: string | null): Tx => ({
        db: sql.db,
        emit: (...payloads) => pending.push(...payloads.map((payload) => ({ project: scope, payload }))),
        within: (other) => scoped(other),
      });
      const value = await work(scoped(project));
      if (pending.length > 0) {
        const emitted = [...pending];
        for (const reaction of this.#reactions) await reaction(scoped(project), emitted);
      }
      await appendEvents(sql, pending);
      return value;
    });
    if (pending.length > 0) this.#events.committed(pending.map((e) => e.payload));
    return result;
  }
}
