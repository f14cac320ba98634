/**
 * A pooled connection held for one serialised job — the event sequencer, whose statement follows every
 * commit. Taken from the pool once and kept: a statement on it goes out at once, where one on the pool
 * would wait for the pool to hand a connection over, which it does only after the work already queued on
 * this thread (typically the answer of the change that just committed). A failed statement gives the
 * connection back (it may be broken: the database restarted), and the next one takes another.
 */
import type { RawBuilder } from 'kysely';
import type { Executor } from './sql-executor.ts';

/**
 * What a reserved connection runs: Kysely `sql` templates (their values bound by the builder), the one
 * kind of statement that needs no query builder bound to the connection before it is taken.
 */
export interface ReservedSql {
  run<R>(statement: RawBuilder<R>): Promise<R[]>;
}

export interface ReservedConnection extends ReservedSql {
  /** Gives the connection back to the pool (the next statement takes one again). */
  release(): void;
}

interface Held {
  readonly connection: Executor;
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
        .execute((connection) => new Promise<void>((giveBack) => resolve({ connection, giveBack: () => giveBack() })))
        .catch(reject);
    });
  const release = (): void => {
    const holding = held;
    held = null;
    void holding?.then(({ giveBack }) => giveBack(), () => undefined);
  };
  return {
    async run(statement) {
      const holding = (held ??= take());
      let connection: Executor;
      try {
        ({ connection } = await holding);
      } catch (error) {
        if (held === holding) held = null;
        throw error;
      }
      try {
        return (await statement.execute(connection)).rows;
      } catch (error) {
        if (held === holding) release();
        throw error;
      }
    },
    release,
  };
}
