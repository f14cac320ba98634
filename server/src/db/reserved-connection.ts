/**
 * A pooled connection held for one serialised job — the event sequencer, whose statement follows every
 * commit. Taken from the pool once and kept: a statement on it goes out at once, where one on the pool
 * would wait for the pool to hand a connection over, which it does only after the work already queued on
 * this thread (typically the answer of the change that just committed). A failed statement gives the
 * connection back (it may be broken: the database restarted), and the next one takes another.
 */
import { sqlOf, type Executor, type RawSql } from './sql-executor.ts';

export interface ReservedConnection extends RawSql {
  /** Gives the connection back to the pool (the next statement takes one again). */
  release(): void;
}

interface Held {
  readonly sql: RawSql;
  readonly giveBack: () => void;
}

/** What a reservation needs of the ORM's Kysely: a connection held for as long as a callback runs. */
interface Connections {
  connection(): { execute<T>(callback: (connection: Executor) => Promise<T>): Promise<T> };
}

export function reserveConnection(kysely: Connections): ReservedConnection {
  let held: Promise<Held> | null = null;
  const take = (): Promise<Held> =>
    new Promise((resolve, reject) => {
      // Kysely keeps the connection while the callback's promise is pending; resolving it gives it back.
      kysely
        .connection()
        .execute((connection) => new Promise<void>((giveBack) => resolve({ sql: sqlOf(connection), giveBack: () => giveBack() })))
        .catch(reject);
    });
  const release = (): void => {
    const holding = held;
    held = null;
    void holding?.then(({ giveBack }) => giveBack(), () => undefined);
  };
  return {
    async query(sql, params) {
      const holding = (held ??= take());
      let connection: Held;
      try {
        connection = await holding;
      } catch (error) {
        if (held === holding) held = null;
        throw error;
      }
      try {
        return await connection.sql.query(sql, params);
      } catch (error) {
        if (held === holding) release();
        throw error;
      }
    },
    release,
  };
}
