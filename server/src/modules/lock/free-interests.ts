/**
 * "Tell me when it is free": check_files with notify_when_free records, for each path another agent
 * holds, the asker's interest; when locks are released (any replica's lock.released, which the lease
 * sweep emits too) the interests whose paths no other agent holds any more are taken and a lock.free
 * event addressed to the asker is emitted, once per agent and settle. The notification inbox turns that
 * event into a notification.
 */
import { CoordinatorError, LIMITS, patternsOverlap, requestOverlapBudget, type Lock } from '@agent-coordinator/shared';
import type { Transactor } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { FreeInterestRepository, type FreeInterest } from './free-interest.repository.ts';
import { LockRepository } from './lock.repository.ts';

const heldByOther = (path: string, agentId: string, live: readonly Lock[]): boolean => {
  const budget = requestOverlapBudget();
  return live.some((l) => l.held_by_id !== agentId && patternsOverlap(path, l.path, budget));
};

export class FreeInterests {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #interests = new FreeInterestRepository();
  readonly #locks = new LockRepository();

  constructor(db: Database, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
  }

  /** Records interest in the paths of `live` another agent holds; returns them. */
  async record(project: string, agentId: string, paths: readonly string[], live: readonly Lock[]): Promise<string[]> {
    const locked = paths.filter((p) => heldByOther(p, agentId, live));
    if (locked.length === 0) return [];
    const had = await this.#interests.record(this.#db, project, agentId, locked, LIMITS.freeInterestsPerAgent);
    if (had + locked.length > LIMITS.freeInterestsPerAgent) {
      throw new CoordinatorError('RATE_LIMITED', `check_files: you already wait to hear about ${had} paths (at most ${LIMITS.freeInterestsPerAgent}); ask again once some are free`, [
        { field: 'notify_when_free', message: 'too many paths to be notified about' },
      ]);
    }
    return locked;
  }

  /** Emits lock.free for the interests of `project` (every project: null) whose paths are free now. */
  async settle(project: string | null): Promise<void> {
    const interests = await this.#interests.list(this.#db, project);
    if (interests.length === 0) return;
    const projects = [...new Set(interests.map((i) => i.project))];
    await this.#transactor.run(null, async (tx) => {
      const free: FreeInterest[] = [];
      for (const p of projects) {
        const live = await this.#locks.live(tx, p);
        free.push(...interests.filter((i) => i.project === p && !heldByOther(i.path, i.agentId, live)));
      }
      const taken = await this.#interests.take(tx, free);
      const byAgent = new Map<string, FreeInterest[]>();
      for (const i of taken) byAgent.set(`${i.project}\u0000${i.agentId}`, [...(byAgent.get(`${i.project}\u0000${i.agentId}`) ?? []), i]);
      for (const group of byAgent.values()) {
        const first = group[0];
        if (first) tx.within(first.project).emit({ type: 'lock.free', agent_id: first.agentId, paths: group.map((i) => i.path).sort() });
      }
    });
  }
}
