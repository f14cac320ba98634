/**
 * get_next_task: hands an agent the best task it may take and locks the task's files, in one
 * transaction. The best task is the agent's inbox first, then highest priority, then oldest — among
 * tasks whose dependencies are done, whose capabilities the agent has, and whose files no other agent
 * holds. Claims share the lock-space advisory lock with lock grants (so a task is never handed out
 * while another agent holds its files) and are group-committed like them. Everything a claim considers
 * is in the seeker's project, and it claims only for an agent the caller may act as (acting-as.ts).
 *
 * Round trips are what a batch costs (each one a socket write and a wake-up of the database, and the
 * lock space held meanwhile), so a batch is: the policies, read before the lock space; the lock; the
 * agents' heartbeat; per project one statement for the locks held, the inboxes and the queue's first
 * page (claim.repository.ts); one statement that claims the chosen tasks and inserts their locks; the
 * events; the commit.
 */
import {
  DEFAULT_LOCK_TTL_SECONDS,
  type Lock,
  type ClaimTaskInputSchema,
  type NextTaskInputSchema,
  type Parsed,
  type NextTaskResult,
  type PendingApproval,
  requestOverlapBudget,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import { Batcher, type BatchOutcome } from '../../common/batcher.ts';
import type { Transactor } from '../../common/transactor.ts';
import { AgentRepository, type TouchedAgent } from '../agent/agent.repository.ts';
import { actingRef } from '../agent/agent-ref.ts';
import { touchAll } from '../agent/touch-agents.ts';
import { anyConflict } from '../lock/lock-conflicts.ts';
import { LockIndex } from '../lock/lock-index.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import type { NewLock } from '../lock/lock.rows.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { unknownTask } from '../task/task.service.ts';
import { claimView, claimWithLocks, countOpen, namedCandidates, queueCandidates, type Candidate, type ClaimView } from './claim.repository.ts';
import { NO_POLICIES, type PolicyCheck, type PolicyGate } from '../policy/policy-gate.ts';

interface ClaimRequest {
  readonly actor: Actor;
  readonly agentRef: string;
  /** A named task instead of the best one. */
  readonly taskRef?: string;
}

interface Seeker {
  readonly index: number;
  /** The seeker's project: where its candidates, conflicting locks and events are. */
  readonly project: string;
  readonly agent: TouchedAgent;
  readonly skipped: { capabilities: number; files: number };
  /** Policies that held candidates back (blocked or escalated), and the approvals now pending. */
  readonly policies: Set<string>;
  readonly pending: (PendingApproval & { task_id: string })[];
  warnings: readonly string[];
  claimed: Candidate | null;
  /** Set for a named-task claim: the task it wants. */
  readonly taskId?: string | undefined;
  /** Why a named task cannot be claimed, decided before offering it. */
  refusal?: string;
}

const MAX_SCANNED = 20_000;

export class ClaimService {
  readonly #transactor: Transactor;
  readonly #agents = new AgentRepository();
  readonly #tasks = new TaskRepository();
  readonly #locks = new LockRepository();
  readonly #arbiter = new Batcher<ClaimRequest, NextTaskResult>((requests) => this.#claim(requests));
  readonly #gate: Pick<PolicyGate, 'open'>;

  constructor(transactor: Transactor, gate: Pick<PolicyGate, 'open'> = NO_POLICIES) {
    this.#transactor = transactor;
    this.#gate = gate;
  }

  getNextTask(actor: Actor, input: Parsed<typeof NextTaskInputSchema>): Promise<NextTaskResult> {
    return this.#arbiter.submit({ actor, agentRef: actingRef(actor, 'get_next_task', input.agent_id) });
  }

  /** Claims one named task with the locks of its files, under the same rules as `next`. */
  claimTask(actor: Actor, input: Parsed<typeof ClaimTaskInputSchema>): Promise<NextTaskResult> {
    return this.#arbiter.submit({ actor, agentRef: actingRef(actor, 'claim_task', input.agent_id), taskRef: input.task_id });
  }

  /**
   * One batch, possibly of several projects: each seeker is offered tasks of its own project only, checked
   * against the locks held there; its events are recorded in its project.
   */
  #claim(requests: readonly ClaimRequest[]): Promise<BatchOutcome<NextTaskResult>[]> {
    return this.#transactor.run(null, async (tx) => {
      const projects = [...new Set(requests.map((r) => r.actor.project))];
      // The policies in force are read before the lock space: nothing it serialises decides them.
      const check = await this.#gate.open(tx, projects);
      await this.#locks.enterLockSpace(tx);
      const operationOf = (index: number): string => (requests[index]?.taskRef !== undefined ? 'claim_task' : 'get_next_task');
      const acting = await touchAll(tx, this.#agents, requests, operationOf);
      const refs = new Map<string, Map<string, string>>();
      for (const project of projects) {
        refs.set(project, await this.#tasks.resolve(tx, project, requests.flatMap((r) => (r.actor.project === project && r.taskRef ? [r.taskRef] : []))));
      }
      const seekers: Seeker[] = [];
      const outcomes: (BatchOutcome<NextTaskResult> | undefined)[] = requests.map(({ actor, taskRef }, index) => {
        const agent = acting[index];
        if (!agent?.ok) return { ok: false, error: agent?.error ?? new Error('claim request without an agent outcome') };
        const taskId = taskRef === undefined ? undefined : refs.get(actor.project)?.get(taskRef);
        if (taskRef !== undefined && taskId === undefined) return { ok: false, error: unknownTask('claim_task', taskRef) };
        seekers.push({ index, project: actor.project, agent: agent.agent, skipped: { capabilities: 0, files: 0 }, policies: new Set(), pending: [], warnings: [], claimed: null, taskId });
        return undefined;
      });
      // Per project, in one statement: the locks held there, the seekers' inboxes and the queue's first page.
      const held = new Map<string, LockIndex>();
      const views = new Map<string, ClaimView>();
      const seekingIn = (project: string): Seeker[] => seekers.filter((s) => s.taskId === undefined && s.project === project);
      const pageSizeOf = (seeking: number): number => Math.max(64, seeking * 8);
      for (const project of new Set(seekers.map((s) => s.project))) {
        const seeking = seekingIn(project);
        const view = await claimView(tx, project, seeking.map((s) => s.agent.id), seeking.length > 0 ? pageSizeOf(seeking.length) : 0);
        views.set(project, view);
        held.set(project, new LockIndex(view.locks));
      }

      const taken = new Set<string>();
      // one glob budget for the whole batch, so a batch stays bounded however many candidates it looks at
      const budget = requestOverlapBudget();
      const offer = async (seeker: Seeker, candidate: Candidate): Promise<void> => {
        if (seeker.claimed || taken.has(candidate.id)) return;
        if (!candidate.capabilities.every((c) => seeker.agent.capabilities.includes(c))) {
          seeker.skipped.capabilities++;
          return;
        }
        const heldHere = held.get(seeker.project) ?? new LockIndex();
        if (anyConflict(candidate.files, 'exclusive', seeker.agent.id, heldHere, budget)) {
          seeker.skipped.files++;
          return;
        }
        if (check.active && !(await this.#allowedByPolicies(check, seeker, candidate))) return;
        seeker.claimed = candidate;
        taken.add(candidate.id);
        for (const path of candidate.files) heldHere.add({ path, mode: 'exclusive', held_by_id: seeker.agent.id });
      };

      const naming = seekers.filter((s) => s.taskId !== undefined);
      const named = await namedCandidates(tx, naming.map((s) => s.taskId as string));
      for (const seeker of naming) {
        const found = named.get(seeker.taskId as string);
        const inOtherInbox = found?.candidate.assigneeId && found.candidate.assigneeId !== seeker.agent.id;
        seeker.refusal = !found ? 'the task no longer exists' : (found.refusal ?? (inOtherInbox ? `${found.candidate.key} is in another agent's inbox` : undefined));
        if (found && !seeker.refusal) await offer(seeker, found.candidate);
      }
      const openCount = new Map<string, number>();
      for (const [project, view] of views) {
        const seeking = seekingIn(project);
        if (seeking.length === 0) continue;
        for (const seeker of seeking) for (const c of view.inbox) if (c.assigneeId === seeker.agent.id) await offer(seeker, c);

        const pageSize = pageSizeOf(seeking.length);
        let page = view.queue;
        for (let offset = 0; offset < MAX_SCANNED; ) {
          for (const seeker of seeking) for (const c of page) await offer(seeker, c);
          if (page.length < pageSize || seeking.every((s) => s.claimed)) break;
          offset += pageSize;
          page = await queueCandidates(tx, project, pageSize, offset);
        }
      }

      const chosen = seekers.filter((s): s is Seeker & { claimed: Candidate } => s.claimed !== null);
      const newLocks: NewLock[] = chosen.flatMap((s) =>
        s.claimed.files.map((path) => ({
          project: s.project,
          path,
          mode: 'exclusive' as const,
          agentId: s.agent.id,
          taskId: s.claimed.id,
          reason: `files of ${s.claimed.key}`,
          ttlSeconds: DEFAULT_LOCK_TTL_SECONDS,
        })),
      );
      const { tasks: claimed, locks } = await claimWithLocks(tx, chosen.map((s) => ({ taskId: s.claimed.id, agentId: s.agent.id })), newLocks);
      for (const s of seekers) if (s.claimed && !claimed.has(s.claimed.id)) s.claimed = null; // the task changed meanwhile
      for (const project of projects) {
        if (seekers.some((s) => s.project === project && !s.claimed)) openCount.set(project, await countOpen(tx, project));
      }

      for (const seeker of seekers) {
        const task = seeker.claimed ? claimed.get(seeker.claimed.id) : undefined;
        if (!task) {
          const reason = seeker.taskId !== undefined ? (seeker.refusal ?? whyNotNamed(seeker)) : whyNothing(openCount.get(seeker.project) ?? 0, seeker);
          outcomes[seeker.index] = { ok: true, value: { task: null, locks: [], reason, ...policyFields(seeker) } };
          continue;
        }
        const taskLocks: Lock[] = locks.filter((l) => l.task_id === task.task_id);
        const events = tx.within(seeker.project);
        events.emit({ type: 'task.claimed', task, agent_id: seeker.agent.id });
        if (taskLocks.length > 0) events.emit({ type: 'lock.acquired', locks: taskLocks });
        outcomes[seeker.index] = { ok: true, value: { task, locks: taskLocks, ...policyFields(seeker) } };
      }
      return outcomes.map((o) => o ?? { ok: false, error: new Error('claim produced no outcome') });
    });
  }

  /**
   * Policies on a claim: a blocked or escalated candidate is skipped and the agent is offered the next
   * one (an escalation also queues an approval; once approved the task is claimed for this agent). Warnings
   * travel with the task the agent gets.
   */
  async #allowedByPolicies(check: PolicyCheck, seeker: Seeker, candidate: Candidate): Promise<boolean> {
    const decision = await check.decide(
      { operation: 'claim', agent: seeker.agent, taskId: candidate.id, paths: candidate.files },
      {
        operation: 'get_next_task',
        summary: `claim ${candidate.key} for ${seeker.agent.name}${candidate.files.length > 0 ? ` with its files ${candidate.files.join(', ')}` : ''}`,
        request: { operation: 'claim', project: seeker.project, agent_id: seeker.agent.id, task_id: candidate.id },
      },
    );
    if (decision.kind === 'proceed') {
      seeker.warnings = decision.warnings;
      check.noteClaim(seeker.agent.id, candidate.missionId);
      return true;
    }
    if (decision.kind === 'pending') {
      seeker.policies.add(decision.pending.policy);
      if (!seeker.pending.some((p) => p.approval_id === decision.pending.approval_id)) seeker.pending.push({ ...decision.pending, task_id: candidate.id });
    } else {
      seeker.policies.add(decision.policy);
    }
    return false;
  }
}

/** What the policies said to this seeker: warnings on the task it got, approvals it now waits for. */
function policyFields(seeker: Seeker): Pick<NextTaskResult, 'warnings' | 'pending_approvals'> {
  return {
    ...(seeker.warnings.length > 0 ? { warnings: [...seeker.warnings] } : {}),
    ...(seeker.pending.length > 0 ? { pending_approvals: seeker.pending } : {}),
  };
}

function whyNotNamed(seeker: Seeker): string {
  if (seeker.skipped.capabilities > 0) return 'it needs capabilities you lack';
  if (seeker.skipped.files > 0) return 'another agent holds some of its files — ask them to release, or try again after they finish';
  if (seeker.policies.size > 0) return `policies held it back (${[...seeker.policies].join(', ')})`;
  return 'another agent claimed it first';
}

function whyNothing(openCount: number, seeker: Seeker): string {
  if (openCount === 0) return 'the queue is empty: no open tasks';
  const parts = [`${openCount} open task(s), none available to you`];
  if (seeker.skipped.capabilities > 0) parts.push(`${seeker.skipped.capabilities} need capabilities you lack`);
  if (seeker.skipped.files > 0) parts.push(`${seeker.skipped.files} touch files other agents hold (try again after they finish)`);
  if (seeker.policies.size > 0) parts.push(`policies held some back (${[...seeker.policies].join(', ')})`);
  if (seeker.pending.length > 0) parts.push(`${seeker.pending.length} wait for human approval (you get them when approved)`);
  parts.push('tasks waiting on unfinished dependencies or in another agent\'s inbox are not offered');
  return parts.join('; ');
}
