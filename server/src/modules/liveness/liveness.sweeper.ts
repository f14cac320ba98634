/**
 * Background duties: agents silent past their liveness timeout go offline, and their locks are
 * released and their active tasks go back to the queue, each with an event; expired leases are swept
 * with an event; pending approvals past their expiry expire, each with `approval.decided`; events past
 * retention (and the inbox's notifications and messages as old) and rate-limit windows that ended long
 * ago are pruned. Every step is a transaction (or a
 * single statement) of its own and safe to run from several processes at once (rows are claimed with
 * SKIP LOCKED). Each tick also numbers any events a failed attempt left unnumbered. A sweep covers every
 * project at once, and records each event in the project of the agent, lock, task or approval it is about.
 */
import type { Transactor } from '../../common/transactor.ts';
import type { Sql } from '../../db/database.ts';
import type { EventLog } from '../../events/event-log.ts';
import type { RetentionPolicy } from '../../events/event.repository.ts';
import { expireOverdueApprovals } from '../approval/approval-expiry.ts';
import { pruneEndedWindows } from '../auth/rate-limiter.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { TaskRepository } from '../task/task.repository.ts';

export interface SweeperOptions {
  readonly livenessTimeoutSeconds: number;
  readonly intervalMs: number;
  readonly retention: RetentionPolicy;
  /** What else ages out with the events (the inbox's notifications and messages); returns how many went. */
  readonly pruneWithEvents?: (sql: Sql, maxAgeSeconds: number) => Promise<number>;
}

export interface SweepReport {
  readonly agentsOffline: number;
  readonly locksExpired: number;
  readonly approvalsExpired: number;
  readonly eventsPruned: number;
}

export class LivenessSweeper {
  readonly #transactor: Transactor;
  /** For the duties that are one statement and need no transaction around it. */
  readonly #db: Sql;
  readonly #events: EventLog;
  readonly #options: SweeperOptions;
  readonly #agents = new AgentRepository();
  readonly #locks = new LockRepository();
  readonly #tasks = new TaskRepository();
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;

  constructor(transactor: Transactor, db: Sql, events: EventLog, options: SweeperOptions) {
    this.#transactor = transactor;
    this.#db = db;
    this.#events = events;
    this.#options = options;
  }

  start(onError: (error: unknown) => void): void {
    const tick = (): void => {
      this.#running = this.sweep()
        .catch(onError)
        .finally(() => {
          this.#running = null;
          if (this.#timer) this.#timer = setTimeout(tick, this.#options.intervalMs);
        });
    };
    this.#timer = setTimeout(tick, this.#options.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async sweep(): Promise<SweepReport> {
    this.#events.sequenceSoon(); // events left unnumbered by a failure (or another process) are picked up here
    const agentsOffline = await this.#expireSilentAgents();
    const locksExpired = await this.#expireLeases();
    const approvalsExpired = await this.#transactor.run(null, expireOverdueApprovals);
    await pruneEndedWindows(this.#db);
    const eventsPruned = await this.#events.prune(this.#options.retention);
    await this.#options.pruneWithEvents?.(this.#db, this.#options.retention.maxAgeSeconds);
    return { agentsOffline, locksExpired, approvalsExpired, eventsPruned };
  }

  #expireSilentAgents(): Promise<number> {
    return this.#transactor.run(null, async (tx) => {
      const silent = await this.#agents.markSilentOffline(tx, this.#options.livenessTimeoutSeconds);
      if (silent.length === 0) return 0;
      const ids = silent.map((agent) => agent.id);
      const projectOf = new Map(silent.map((agent) => [agent.id, agent.project]));
      const released = await this.#locks.deleteByAgents(tx, ids);
      const requeued = await this.#tasks.requeueClaimedBy(tx, ids);
      const reopened = await this.#tasks.byIds(tx, requeued.map((t) => t.task_id));
      for (const agent of silent) {
        tx.within(agent.project).emit({
          type: 'agent.status_changed',
          agent_id: agent.id,
          name: agent.name,
          status: 'offline',
          reason: `no heartbeat for ${this.#options.livenessTimeoutSeconds} s`,
        });
      }
      for (const [project, locks] of released) tx.within(project).emit({ type: 'lock.released', locks, reason: 'agent_offline' });
      for (const before of requeued) {
        const task = reopened.find((t) => t.task_id === before.task_id);
        // A task is claimed only by an agent of its own project.
        const project = before.claimed_by === null ? undefined : projectOf.get(before.claimed_by);
        if (task && project !== undefined) tx.within(project).emit({ type: 'task.released', task, previous_status: before.status, reason: 'its agent went offline' });
      }
      return silent.length;
    });
  }

  #expireLeases(): Promise<number> {
    return this.#transactor.run(null, async (tx) => {
      const expired = await this.#locks.deleteExpired(tx);
      let count = 0;
      for (const [project, locks] of expired) {
        tx.within(project).emit({ type: 'lock.released', locks, reason: 'expired' });
        count += locks.length;
      }
      return count;
    });
  }
}
