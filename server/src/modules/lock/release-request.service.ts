/**
 * Asking for a file: a caller that needs paths another agent holds asks the holders to release them.
 * Each holder gets a `lock.release_requested` event naming the requester and the paths; nothing is
 * forced — the coordinator advises, the holder decides.
 */
import { RequestReleaseInputSchema, parseInput, patternsOverlap, type RequestReleaseInput, type RequestReleaseResult } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { requireAgentRef, unknownAgent } from '../agent/agent-ref.ts';
import { LockRepository } from './lock.repository.ts';

export class ReleaseRequestService {
  readonly #transactor: Transactor;
  readonly #agents = new AgentRepository();
  readonly #locks = new LockRepository();

  constructor(transactor: Transactor) {
    this.#transactor = transactor;
  }

  request(actor: Actor, raw: RequestReleaseInput): Promise<RequestReleaseResult> {
    const input = parseInput('request_release', RequestReleaseInputSchema, raw);
    const ref = requireAgentRef('request_release', input.agent_id);
    return this.#transactor.run(async (tx) => {
      const requester = (await this.#agents.touch(tx, actor, [ref])).get(ref);
      if (!requester) throw unknownAgent('request_release', ref);
      const byHolder = new Map<string, { holder: string; holder_id: string; paths: Set<string> }>();
      for (const lock of await this.#locks.live(tx)) {
        if (lock.held_by_id === requester.id || !input.paths.some((p) => patternsOverlap(p, lock.path))) continue;
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
