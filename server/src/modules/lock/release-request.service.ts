/**
 * Asking for a file: a caller that needs paths another agent holds asks the holders to release them.
 * Each holder gets a `lock.release_requested` event naming the requester and the paths; nothing is
 * forced — the coordinator advises, the holder decides. Only holders in the requester's project are asked.
 */
import { patternsOverlap, requestOverlapBudget, type Parsed, type RequestReleaseInputSchema, type RequestReleaseResult } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { actingRef } from '../agent/agent-ref.ts';
import { touchAs } from '../agent/acting-agent.ts';
import { LockRepository } from './lock.repository.ts';

export class ReleaseRequestService {
  readonly #transactor: Transactor;
  readonly #agents = new AgentRepository();
  readonly #locks = new LockRepository();

  constructor(transactor: Transactor) {
    this.#transactor = transactor;
  }

  requestRelease(actor: Actor, input: Parsed<typeof RequestReleaseInputSchema>): Promise<RequestReleaseResult> {
    const ref = actingRef(actor, 'request_release', input.agent_id);
    return this.#transactor.run(actor.project, async (tx) => {
      const requester = await touchAs(tx, this.#agents, actor, 'request_release', ref);
      const budget = requestOverlapBudget();
      const byHolder = new Map<string, { holder: string; holder_id: string; paths: Set<string> }>();
      for (const lock of await this.#locks.live(tx, actor.project)) {
        if (lock.held_by_id === requester.id || !input.paths.some((p) => patternsOverlap(p, lock.path, budget))) continue;
        const entry = byHolder.get(lock.held_by_id) ?? { holder: lock.held_by, holder_id: lock.held_by_id, paths: new Set<string>() };
        entry.paths.add(lock.path);
        byHolder.set(lock.held_by_id, entry);
      }
      const requested = [...byHolder.values()].map((e) => ({ holder: e.holder, holder_id: e.holder_id, paths: [...e.paths].sort() }));
      for (const r of requested) {
        tx.emit({
          type: 'lock.release_requested',
          paths: r.paths,
          holder: r.holder,
          holder_id: r.holder_id,
          requested_by: requester.name,
          requested_by_id: requester.id,
          message: input.message ?? null,
        });
      }
      return { requested };
    });
  }
}
