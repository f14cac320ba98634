/**
 * Runs a unit of work in one database transaction and records the events it emits in that same
 * transaction, so a change and its events commit together or not at all. After commit the event log
 * is asked to number and publish them.
 */
import type { EventPayload } from '@agent-coordinator/shared';
import type { Database, Sql } from '../db/database.ts';
import { appendEvents, type EventLog } from '../events/event-log.ts';

export interface Tx extends Sql {
  emit(...payloads: EventPayload[]): void;
}

export class Transactor {
  readonly #db: Database;
  readonly #events: EventLog;

  constructor(db: Database, events: EventLog) {
    this.#db = db;
    this.#events = events;
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const pending: EventPayload[] = [];
    const result = await this.#db.transaction(async (sql) => {
      const value = await work({ query: (q, p) => sql.query(q, p), emit: (...payloads) => pending.push(...payloads) });
      await appendEvents(sql, pending);
      return value;
    });
    if (pending.length > 0) this.#events.committed(pending);
    return result;
  }
}
