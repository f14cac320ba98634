/**
 * Where a coordinator's time goes, seen from outside its code (nothing in the server changes):
 * - wraps the running coordinator's `database.transaction` (the one object its Transactor uses) to time
 *   every transaction and every statement in it. A transaction that takes the lock-space
 *   advisory lock is a claim or lock batch; its wall time splits into SQL statements, JavaScript between
 *   them (conflict checks, shaping), and the rest (pool checkout, BEGIN, COMMIT — the WAL flush on PostgreSQL);
 * - wraps one service method to count arrivals, the calls already inside at each, and time in the service;
 * - measures how busy the server's thread (this one) was.
 */
import { performance } from 'node:perf_hooks';
import { Kysely } from 'kysely';
import type { Coordinator } from '@agent-coordinator/server';

type Database = Coordinator['database'];
type Sql = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface StatementCost {
  readonly label: string;
  /** Per batch, on average: how many times it ran and the time it took in all. */
  readonly perBatch: number;
  readonly msPerBatch: number;
}

export interface TxProfile {
  /** Transactions that took the lock-space advisory lock (claim or lock-grant batches). */
  readonly batches: number;
  /** Mean wall time of such a transaction, from the call to its commit. */
  readonly batchWallMs: number;
  /** Of which: in SQL statements, in JavaScript between them, outside the work (checkout, BEGIN, COMMIT). */
  readonly batchSqlMs: number;
  readonly batchJsMs: number;
  readonly batchOutsideMs: number;
  /** Mean per batch, by statement (most expensive first). */
  readonly statements: readonly StatementCost[];
  /** Transactions of any other kind (complete, release, event numbering, liveness sweep). */
  readonly otherTransactions: number;
  readonly otherWallMs: number;
}

/** Short names for the statements of a claim / grant batch; anything else keeps its first words. */
const NAMES: readonly (readonly [RegExp, string])[] = [
  [/^select pg_advisory_xact_lock/, 'advisory lock'],
  [/^with target as .*update agents/, 'touch agents'],
  [/^select \(select coalesce\(json_agg\(json_build_array\(l\.path/, 'claim view (locks, inbox, queue)'],
  [/^with claimed as \(/, 'claim with locks'],
  [/^select project, name, definition.* from policies/, 'read policies'],
  [/^select l\.id.*l\.expires_at > now\(\)/, 'read live locks'],
  [/^select l\.id.*where l\.id = any/, 'read new locks'],
  [/^select t\.id, t\.key_number, t\.capabilities.*assignee_id = any/, 'inbox candidates'],
  [/^select t\.id, t\.key_number, t\.capabilities/, 'queue candidates'],
  [/^update tasks set status = 'claimed'/, 'mark claimed'],
  [/^(with inserted as \()?insert into file_locks/, 'insert locks'],
  [/^update file_locks set mode/, 'renew locks'],
  [/^select t\.id, t\.key_number, t\.title/, 'read tasks'],
  [/^insert into events/, 'append events'],
  [/^select count\(\*\)::int as n from tasks/, 'count open'],
];

/** Labels by statement text, found once per text: the same statements run thousands of times (a CPU profile saw the patterns' matching). */
const labels = new Map<string, string>();

const labelOf = (sql: string): string => {
  let label = labels.get(sql);
  if (label === undefined) {
    const flat = sql.replace(/\s+/g, ' ').replaceAll('"', '').trim();
    label = NAMES.find(([pattern]) => pattern.test(flat))?.[1] ?? flat.split(' ').slice(0, 4).join(' ');
    labels.set(sql, label);
  }
  return label;
};

/**
 * The transaction's Kysely with every statement timed where it reaches the database: its executor's
 * `executeQuery`, which built statements, prepared ones and `sql` templates all end in, so the time is the
 * round trip and the driver's work, not the building. Only the executor is replaced: a Kysely inside a
 * transaction uses nothing else of its props.
 */
function timedStatements(db: Sql['db'], record: (sql: string, ms: number) => void): Sql['db'] {
  const executor = db.getExecutor();
  const timed: typeof executor = new Proxy(executor, {
    get(target, name) {
      if (name === 'executeQuery') {
        return async (...args: Parameters<typeof executor.executeQuery>) => {
          const start = performance.now();
          try {
            return await target.executeQuery(...args);
          } finally {
            record(args[0].sql, performance.now() - start);
          }
        };
      }
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const props = { config: { dialect: {} }, dialect: {}, driver: {}, executor: timed };
  return new Kysely(props as unknown as ConstructorParameters<typeof Kysely>[0]) as Sql['db'];
}

/** Starts profiling; `stop()` restores the original method and returns the figures. */
export function profileTransactions(db: Database): { stop(): TxProfile } {
  const original = db.transaction.bind(db);
  let batches = 0;
  let wall = 0;
  let sqlTime = 0;
  let work = 0;
  let others = 0;
  let otherWall = 0;
  const statements = new Map<string, { count: number; totalMs: number }>();

  db.transaction = async <T>(body: (sql: Sql) => Promise<T>): Promise<T> => {
    const called = performance.now();
    let inSql = 0;
    let workMs = 0;
    const local: { label: string; ms: number }[] = [];
    try {
      return await original(async (sql) => {
        const workStart = performance.now();
        const timedSql: Sql = {
          db: timedStatements(sql.db, (text, ms) => {
            inSql += ms;
            local.push({ label: labelOf(text), ms });
          }),
        };
        try {
          return await body(timedSql);
        } finally {
          workMs = performance.now() - workStart;
        }
      });
    } finally {
      const spent = performance.now() - called;
      if (local.some(({ label }) => label === 'advisory lock')) {
        batches++;
        wall += spent;
        sqlTime += inSql;
        work += workMs;
        for (const { label, ms } of local) {
          const entry = statements.get(label) ?? { count: 0, totalMs: 0 };
          entry.count++;
          entry.totalMs += ms;
          statements.set(label, entry);
        }
      } else {
        others++;
        otherWall += spent;
      }
    }
  };

  return {
    stop() {
      db.transaction = original;
      const per = (v: number): number => (batches > 0 ? v / batches : 0);
      return {
        batches,
        batchWallMs: per(wall),
        batchSqlMs: per(sqlTime),
        batchJsMs: per(work - sqlTime),
        batchOutsideMs: per(wall - work),
        statements: [...statements]
          .map(([label, s]) => ({ label, perBatch: per(s.count), msPerBatch: per(s.totalMs) }))
          .sort((a, b) => b.msPerBatch - a.msPerBatch),
        otherTransactions: others,
        otherWallMs: others > 0 ? otherWall / others : 0,
      };
    },
  };
}

export interface ArrivalStats {
  readonly arrivals: number;
  /** Mean number of calls in the service (this one included) when a call arrives: 1.0 means no overlap, so no batching. */
  readonly meanInFlight: number;
  /** Mean time from the call to its result: queueing for a batch plus the batch itself. */
  readonly meanServiceMs: number;
}

/**
 * Counts calls of one service method and how many were in the service at each arrival. `install` puts
 * a replacement in place; `stop()` puts the original back.
 */
export function watchArrivals<A extends unknown[], R>(
  original: (...args: A) => Promise<R>,
  install: (method: (...args: A) => Promise<R>) => void,
): { stop(): ArrivalStats } {
  let inFlight = 0;
  let arrivals = 0;
  let sum = 0;
  let service = 0;
  install((...args) => {
    inFlight++;
    arrivals++;
    sum += inFlight;
    const start = performance.now();
    return original(...args).finally(() => {
      inFlight--;
      service += performance.now() - start;
    });
  });
  return {
    stop() {
      install(original);
      return { arrivals, meanInFlight: arrivals > 0 ? sum / arrivals : 0, meanServiceMs: arrivals > 0 ? service / arrivals : 0 };
    },
  };
}

export interface ServerProbe {
  readonly profile: TxProfile;
  readonly arrivals: ArrivalStats;
  /** Share of the time the server's thread was busy (event-loop utilisation). */
  readonly serverThreadBusy: number;
}

/** Runs `work` with the coordinator's transactions, one service method and the thread's load watched. */
export async function probe<T, A extends unknown[], R>(
  db: Database,
  method: { readonly original: (...args: A) => Promise<R>; readonly install: (method: (...args: A) => Promise<R>) => void },
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly probe: ServerProbe }> {
  const transactions = profileTransactions(db);
  const calls = watchArrivals(method.original, method.install);
  const busy = performance.eventLoopUtilization();
  try {
    const result = await work();
    const serverThreadBusy = performance.eventLoopUtilization(busy).utilization;
    return { result, probe: { profile: transactions.stop(), arrivals: calls.stop(), serverThreadBusy } };
  } finally {
    transactions.stop();
    calls.stop();
  }
}
