/**
 * The requests of this server waiting for locks (lock_files with wait_seconds), first come first served.
 * A waiter holds no database connection while it waits: it sleeps until something could have freed its
 * paths — a lock released on any replica (the bus's lock.released, which covers release, task end,
 * offline sweep and lease sweep), a waiter ahead leaving, the earliest lease of its blockers lapsing —
 * or, at the latest, the fallback poll (POLL_MS), so a lost event never strands it. Each wake retries the
 * grant through the lock service's one transactional path.
 *
 * Fairness: the grant path asks `ahead()` for the waiters that came first; a request conflicting with
 * one of them on a path it does not already hold is refused as if that path were held (a conflict with
 * `queued: true`). The queue is per server: across replicas a waiter wakes on the bus, but arrival order
 * is kept only among the requests of one server (docs/waiting-for-locks.md).
 */
import { CoordinatorError, LIMITS, type LockMode } from '@agent-coordinator/shared';

/** The fallback re-check while waiting, for a lost event or a lease that lapsed unswept. */
export const POLL_MS = 1000;

export interface Waiter {
  readonly seq: number;
  readonly project: string;
  /** How the caller named its agent; the id is learnt on the first grant attempt. */
  readonly agentRef: string;
  readonly paths: readonly string[];
  readonly mode: LockMode;
  readonly deadline: number;
  agentId: string | null;
  agentName: string;
  wake: (() => void) | null;
}

export class LockWaitQueue {
  readonly #waiters: Waiter[] = [];
  #seq = 0;

  get size(): number {
    return this.#waiters.length;
  }

  /** Joins the queue at the end, or refuses when this server or this agent already has too many waiters. */
  enter(entry: Pick<Waiter, 'project' | 'agentRef' | 'paths' | 'mode' | 'deadline'>): Waiter {
    if (this.#waiters.length >= LIMITS.lockWaitersPerServer) {
      throw new CoordinatorError('RATE_LIMITED', `lock_files: ${LIMITS.lockWaitersPerServer} requests are already waiting on this server; retry later, or call without wait_seconds`, [
        { field: 'wait_seconds', message: 'too many waiters on this server' },
      ]);
    }
    const mine = this.#waiters.filter((w) => w.project === entry.project && w.agentRef === entry.agentRef).length;
    if (mine >= LIMITS.lockWaitersPerAgent) {
      throw new CoordinatorError('RATE_LIMITED', `lock_files: agent ${entry.agentRef} already has ${mine} requests waiting; let one finish before waiting again`, [
        { field: 'wait_seconds', message: `at most ${LIMITS.lockWaitersPerAgent} waiting requests per agent` },
      ]);
    }
    const waiter: Waiter = { ...entry, seq: ++this.#seq, agentId: null, agentName: entry.agentRef, wake: null };
    this.#waiters.push(waiter);
    return waiter;
  }

  /** Leaves the queue (granted, timed out, or the caller went away) and wakes the ones behind it. */
  leave(waiter: Waiter): void {
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    this.wake(waiter.project);
  }

  /** The waiters of a project that came before `seq` (every one for a request that does not wait) and whose agent is known. */
  ahead(project: string, seq = Number.POSITIVE_INFINITY): Waiter[] {
    return this.#waiters.filter((w) => w.project === project && w.seq < seq && w.agentId !== null);
  }

  /** Wakes every waiter of the project (null: of every project), in arrival order. */
  wake(project: string | null): void {
    for (const waiter of this.#waiters) if (project === null || waiter.project === project) waiter.wake?.();
  }

  /**
   * Sleeps until woken, `untilMs` (epoch ms) or the fallback poll, whichever is first; rejects when
   * `signal` aborts (the caller disconnected).
   */
  sleep(waiter: Waiter, untilMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        waiter.wake = null;
      };
      const aborted = (): void => {
        done();
        reject(new CoordinatorError('UNAVAILABLE', 'lock_files: the caller went away while waiting; it left the queue'));
      };
      const timer = setTimeout(
        () => {
          done();
          resolve();
        },
        Math.max(0, Math.min(untilMs - Date.now(), POLL_MS)),
      );
      waiter.wake = () => {
        done();
        resolve();
      };
      if (signal?.aborted) aborted();
      else signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}
