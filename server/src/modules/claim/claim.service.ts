/**
 * get_next_task: hands an agent the best task it may take and locks the task's files, in one
 * transaction. The best task is the agent's inbox first, then highest priority, then oldest — among
 * tasks whose dependencies are done, whose capabilities the agent has, and whose files no other agent
 * holds. Claims share the lock-space advisory lock with lock grants (so a task is never handed out
 * while another agent holds its files) and are group-committed like them.
 */
import {
  DEFAULT_LOCK_TTL_SECONDS,
  NextTaskInputSchema,
  parseInput,
  type Lock,
  type NextTaskInput,
  type NextTaskResult,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import { Batcher, type BatchOutcome } from '../../common/batcher.ts';
import type { Transactor } from '../../common/transactor.ts';
import { AgentRepository, type TouchedAgent } from '../agent/agent.repository.ts';
import { requireAgentRef, unknownAgent } from '../agent/agent-ref.ts';
import { touchAll } from '../agent/touch-agents.ts';
import { findConflicts, type HeldLock } from '../lock/lock-conflicts.ts';
import { LockRepository, type NewLock } from '../lock/lock.repository.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { countOpen, inboxCandidates, markClaimed, queueCandidates, type Candidate } from './claim-candidates.ts';

interface ClaimRequest {
  readonly actor: Actor;
  readonly agentRef: string;
}

interface Seeker {
  readonly index: number;
  readonly agent: TouchedAgent;
  readonly skipped: { capabilities: number; files: number };
  claimed: Candidate | null;
}

const MAX_SCANNED = 20_000;

export class ClaimService {
  readonly #transactor: Transactor;
  readonly #agents = new AgentRepository();
  readonly #tasks = new TaskRepository();
  readonly #locks = new LockRepository();
  readonly #arbiter = new Batcher<ClaimRequest, NextTaskResult>((requests) => this.#claim(requests));

  constructor(transactor: Transactor) {
    this.#transactor = transactor;
  }

  next(actor: Actor, raw: NextTaskInput): Promise<NextTaskResult> {
    const input = parseInput('get_next_task', NextTaskInputSchema, raw);
    return this.#arbiter.submit({ actor, agentRef: requireAgentRef('get_next_task', input.agent_id) });
  }

  #claim(requests: readonly ClaimRequest[]): Promise<BatchOutcome<NextTaskResult>[]> {
    return this.#transactor.run(async (tx) => {
      await this.#locks.enterLockSpace(tx);
      const touched = await touchAll(tx, this.#agents, requests);
      const seekers: Seeker[] = [];
      const outcomes: (BatchOutcome<NextTaskResult> | undefined)[] = requests.map(({ actor, agentRef }, index) => {
        const agent = touched.get(actor.principal)?.get(agentRef);
        if (!agent) return { ok: false, error: unknownAgent('get_next_task', agentRef) };
        seekers.push({ index, agent, skipped: { capabilities: 0, files: 0 }, claimed: null });
        return undefined;
      });
      const held: HeldLock[] = await this.#locks.live(tx);
      const taken = new Set<string>();
      const offer = (seeker: Seeker, candidate: Candidate): void => {
        if (seeker.claimed || taken.has(candidate.id)) return;
        if (!candidate.capabilities.every((c) => seeker.agent.capabilities.includes(c))) {
          seeker.skipped.capabilities++;
          return;
        }
        if (findConflicts(candidate.files, 'exclusive', seeker.agent.id, held).length > 0) {
          seeker.skipped.files++;
          return;
        }
        seeker.claimed = candidate;
        taken.add(candidate.id);
        for (const path of candidate.files) held.push(pendingLock(path, seeker.agent, candidate));
      };

      const inbox = await inboxCandidates(tx, seekers.map((s) => s.agent.id));
      for (const seeker of seekers) for (const c of inbox) if (c.assigneeId === seeker.agent.id) offer(seeker, c);

      const pageSize = Math.max(64, seekers.length * 8);
      for (let offset = 0; offset < MAX_SCANNED && seekers.some((s) => !s.claimed); offset += pageSize) {
        const page = await queueCandidates(tx, pageSize, offset);
        for (const seeker of seekers) for (const c of page) offer(seeker, c);
        if (page.length < pageSize) break;
      }

      const winners = seekers.filter((s): s is Seeker & { claimed: Candidate } => s.claimed !== null);
      await markClaimed(tx, winners.map((s) => ({ taskId: s.claimed.id, agentId: s.agent.id })));
      const newLocks: NewLock[] = winners.flatMap((s) =>
        s.claimed.files.map((path) => ({ path, mode: 'exclusive' as const, agentId: s.agent.id, taskId: s.claimed.id, reason: `files of ${s.claimed.key}`, ttlSeconds: DEFAULT_LOCK_TTL_SECONDS })),
      );
      const locks = await this.#locks.insert(tx, newLocks);
      const tasks = new Map((await this.#tasks.byIds(tx, winners.map((s) => s.claimed.id))).map((t) => [t.task_id, t]));
      const openCount = winners.length < seekers.length ? await countOpen(tx) : 0;

      for (const seeker of seekers) {
        const task = seeker.claimed ? tasks.get(seeker.claimed.id) : undefined;
        if (!task) {
          outcomes[seeker.index] = { ok: true, value: { task: null, locks: [], reason: whyNothing(openCount, seeker) } };
          continue;
        }
        const taskLocks: Lock[] = locks.filter((l) => l.task_id === task.task_id);
        tx.emit({ type: 'task.claimed', task, agent_id: seeker.agent.id });
        if (taskLocks.length > 0) tx.emit({ type: 'lock.acquired', locks: taskLocks });
        outcomes[seeker.index] = { ok: true, value: { task, locks: taskLocks } };
      }
      return outcomes.map((o) => o ?? { ok: false, error: new Error('claim produced no outcome') });
    });
  }
}

function pendingLock(path: string, agent: TouchedAgent, task: Candidate): HeldLock {
  return { path, mode: 'exclusive', held_by: agent.name, held_by_id: agent.id, task_id: task.id, task_key: task.key, expires_at: new Date().toISOString() };
}

function whyNothing(openCount: number, seeker: Seeker): string {
  if (openCount === 0) return 'the queue is empty: no open tasks';
  const parts = [`${openCount} open task(s), none available to you`];
  if (seeker.skipped.capabilities > 0) parts.push(`${seeker.skipped.capabilities} need capabilities you lack`);
  if (seeker.skipped.files > 0) parts.push(`${seeker.skipped.files} touch files other agents hold (try again after they finish)`);
  parts.push('tasks waiting on unfinished dependencies or in another agent\'s inbox are not offered');
  return parts.join('; ');
}
