/**
 * File locks: all-or-nothing grants, release, check and listing. Grants go through a group-commit
 * arbiter: every grant decision runs inside the lock-space advisory lock (overlap of globs is decided
 * in code, so no index can enforce it), and requests that queue up meanwhile share one transaction.
 *
 * Locks are per project: a request conflicts only with locks of its own project, and a batch serving
 * several projects keeps one index of held locks per project and records each request's events in its
 * project. Locking or releasing is acting as the agent (acting-as.ts).
 */
import {
  LockFilesInputSchema,
  parseInput,
  type CheckFilesInputSchema,
  type CheckFilesResult,
  type ListLocksInputSchema,
  type Lock,
  type LockConflict,
  type LockFilesResult,
  type Parsed,
  type ReleaseFilesInputSchema,
  type ReleaseFilesResult,
  patternsOverlap,
  requestOverlapBudget,
} from '@agent-coordinator/shared';
import { systemActor, type Actor } from '../../common/actor.ts';
import { Batcher, type BatchOutcome } from '../../common/batcher.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { AgentRepository, type TouchedAgent } from '../agent/agent.repository.ts';
import { actingRef, unknownAgent } from '../agent/agent-ref.ts';
import { touchAs } from '../agent/acting-agent.ts';
import { unknownTask } from '../task/task.service.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { LockIndex } from './lock-index.ts';
import { findConflicts } from './lock-conflicts.ts';
import { LockRepository } from './lock.repository.ts';
import type { NewLock } from './lock.rows.ts';
import { touchAll } from '../agent/touch-agents.ts';
import { NO_POLICIES, type PolicyCheck, type PolicyGate } from '../policy/policy-gate.ts';
import type { LockApprovalRequest } from '../approval/approval-request.ts';
import { FileStateRepository } from '../file-state/file-state.repository.ts';
import { changedSinceSeen } from '../file-state/stale-check.ts';
import { LockWaitQueue, type Waiter } from './lock-wait-queue.ts';
import { FreeInterests } from './free-interests.ts';
import { NO_METRICS, type Metrics } from '../../ops/metrics.ts';

interface LockRequest {
  readonly actor: Actor;
  readonly agentRef: string;
  readonly input: Parsed<typeof LockFilesInputSchema>;
  /** A human approved this request after a policy escalated it (approval.service). */
  readonly approved?: boolean;
  /** The request's place in the wait queue, when it waits (wait_seconds). */
  readonly waiter?: Waiter;
}

/** A woken waiter retries this long after the earliest lease of its blockers lapses (clock skew, rounding). */
const LAPSE_MARGIN_MS = 25;

export class LockService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #locks = new LockRepository();
  readonly #agents = new AgentRepository();
  readonly #tasks = new TaskRepository();
  readonly #files = new FileStateRepository();
  readonly #arbiter = new Batcher<LockRequest, LockFilesResult>((requests) => this.#grant(requests));

  readonly #gate: Pick<PolicyGate, 'open'>;
  readonly #queue = new LockWaitQueue();
  readonly #interests: FreeInterests;
  readonly #metrics: Metrics;

  constructor(db: Database, transactor: Transactor, gate: Pick<PolicyGate, 'open'> = NO_POLICIES, metrics: Metrics = NO_METRICS) {
    this.#db = db;
    this.#transactor = transactor;
    this.#gate = gate;
    this.#metrics = metrics;
    this.#interests = new FreeInterests(db, transactor);
  }

  /**
   * Locks were released in a project (on any replica; null: unknown where): the waiters there try again,
   * and the agents that asked to hear when those paths are free are told. Called by the composition root
   * for every lock.released event of the bus.
   */
  locksReleased(project: string | null): Promise<void> {
    this.#queue.wake(project);
    return this.#interests.settle(project);
  }

  /** The requests waiting for locks on this server now. */
  get waiting(): number {
    return this.#queue.size;
  }

  /** Grants a lock request a human approved, in the approval's transaction; policies are checked again (blocks still refuse). */
  async applyApproved(tx: Tx, request: LockApprovalRequest): Promise<{ readonly result: LockFilesResult } | { readonly refused: unknown }> {
    const input = parseInput('lock_files', LockFilesInputSchema, {
      paths: request.paths,
      mode: request.mode,
      ttl_seconds: request.ttl_seconds,
      agent_id: request.agent_id,
      ...(request.reason !== null ? { reason: request.reason } : {}),
      ...(request.task_id !== null ? { task_id: request.task_id } : {}),
    });
    const [outcome] = await this.#grantWithin(tx, [{ actor: systemActor(request.project), agentRef: request.agent_id, input, approved: true }]);
    if (!outcome) throw new Error('lock grant produced no outcome');
    return outcome.ok ? { result: outcome.value } : { refused: outcome.error };
  }

  /**
   * With wait_seconds and a conflict, waits in the queue (lock-wait-queue.ts) and retries through the
   * same grant path until granted or the wait runs out (then the last conflicts, with waited_ms). When
   * `signal` aborts (the caller disconnected) the request leaves the queue.
   */
  async lockFiles(actor: Actor, input: Parsed<typeof LockFilesInputSchema>, signal?: AbortSignal): Promise<LockFilesResult> {
    const result = await this.#lock(actor, input, signal);
    this.#metrics.lockAnswered({ granted: result.granted, conflicts: result.conflicts.length });
    return result;
  }

  async #lock(actor: Actor, input: Parsed<typeof LockFilesInputSchema>, signal?: AbortSignal): Promise<LockFilesResult> {
    const agentRef = actingRef(actor, 'lock_files', input.agent_id);
    if (input.wait_seconds === 0) return this.#arbiter.submit({ actor, agentRef, input });
    const started = Date.now();
    const waiter = this.#queue.enter({ project: actor.project, agentRef, paths: input.paths, mode: input.mode, deadline: started + input.wait_seconds * 1000 });
    try {
      for (;;) {
        const result = await this.#arbiter.submit({ actor, agentRef, input, waiter });
        if (result.granted || result.pending_approval || Date.now() >= waiter.deadline) return { ...result, waited_ms: Date.now() - started };
        await this.#queue.sleep(waiter, Math.min(waiter.deadline, earliestLapse(result)), signal);
      }
    } finally {
      this.#queue.leave(waiter);
    }
  }

  releaseFiles(actor: Actor, input: Parsed<typeof ReleaseFilesInputSchema>): Promise<ReleaseFilesResult> {
    const ref = actingRef(actor, 'release_files', input.agent_id);
    return this.#transactor.run(actor.project, async (tx) => {
      const agent = await touchAs(tx, this.#agents, actor, 'release_files', ref);
      const released = await this.#locks.deleteByAgentAndPaths(tx, agent.id, input.paths);
      if (released.length > 0) tx.emit({ type: 'lock.released', locks: released, reason: 'released' });
      const releasedPaths = new Set(released.map((l) => l.path));
      return { released: [...releasedPaths], not_held: input.paths.filter((p) => !releasedPaths.has(p)) };
    });
  }

  async checkFiles(actor: Actor, input: Parsed<typeof CheckFilesInputSchema>): Promise<CheckFilesResult> {
    const live = await this.#locks.live(this.#db, actor.project);
    const budget = requestOverlapBudget();
    const changed = await changedSinceSeen(this.#db, actor, 'check_files', input.agent_id, input.content_hashes);
    const notify = input.notify_when_free ? { notify_when_free: await this.#recordInterest(actor, input.agent_id, input.paths, live) } : {};
    return {
      ...notify,
      files: input.paths.map((path) => {
        const covering = live.filter((lock) => patternsOverlap(path, lock.path, budget));
        const first = covering.find((l) => l.mode === 'exclusive') ?? covering[0];
        const since = changed.get(path);
        const stale = since ? { changed_since_lock: since } : {};
        if (!first) return { path, locked: false, locks: [], ...stale };
        return {
          ...stale,
          path,
          locked: true,
          mode: first.mode,
          held_by: first.held_by,
          held_by_id: first.held_by_id,
          task_id: first.task_id,
          task_key: first.task_key,
          expires_at: first.expires_at,
          locks: covering,
        };
      }),
    };
  }

  /** notify_when_free: the locked paths the agent will hear about; settled at once in case one was released meanwhile. */
  async #recordInterest(actor: Actor, agentRef: string | undefined, paths: readonly string[], live: readonly Lock[]): Promise<string[]> {
    const ref = actingRef(actor, 'check_files', agentRef);
    const agent = await this.#agents.find(this.#db, actor, ref);
    if (!agent) throw unknownAgent('check_files', ref);
    const recorded = await this.#interests.record(actor.project, String(agent['id']), paths, live);
    if (recorded.length > 0) await this.#interests.settle(actor.project);
    return recorded;
  }

  async listLocks(actor: Actor, input: Parsed<typeof ListLocksInputSchema> = {}): Promise<Lock[]> {
    if (!input.agent_id) return this.#locks.live(this.#db, actor.project);
    const agent = await this.#agents.find(this.#db, actor, input.agent_id);
    if (!agent) throw unknownAgent('list_locks', input.agent_id);
    return this.#locks.live(this.#db, actor.project, String(agent['id']));
  }

  /**
   * First come, first served: the paths of a request (except those its agent already holds, a renewal)
   * that overlap an earlier waiter's, in conflicting modes, count as held by that waiter.
   */
  #queuedAhead(request: LockRequest, agentId: string, held: readonly Lock[]): LockConflict[] {
    const ahead = this.#queue.ahead(request.actor.project, request.waiter?.seq).filter((w) => w.agentId !== agentId);
    if (ahead.length === 0) return [];
    const owned = new Set(held.filter((l) => l.held_by_id === agentId).map((l) => l.path));
    const wanted = request.input.paths.filter((p) => !owned.has(p));
    const waiting = ahead.flatMap((w) =>
      w.paths.map((path) => ({
        path,
        mode: w.mode,
        held_by: w.agentName,
        held_by_id: w.agentId ?? '',
        task_id: null,
        task_key: null,
        expires_at: new Date(w.deadline).toISOString(),
      })),
    );
    return findConflicts(wanted, request.input.mode, agentId, waiting).map((c) => ({ ...c, queued: true as const }));
  }

  /** A batch may serve several projects: its events are recorded per request, in the request's project. */
  #grant(requests: readonly LockRequest[]): Promise<BatchOutcome<LockFilesResult>[]> {
    return this.#transactor.run(null, (tx) => this.#grantWithin(tx, requests));
  }

  /**
   * Policies on a lock request without conflicts: a block refuses it (POLICY_DENIED; the batch still
   * commits, with the audit entry), an escalation answers granted false with the pending approval,
   * warnings travel with the grant.
   */
  async #policyVerdict(check: PolicyCheck, request: LockRequest, agent: TouchedAgent, taskId: string | null): Promise<{ readonly stop?: BatchOutcome<LockFilesResult>; readonly warnings: readonly string[] }> {
    const { actor, input } = request;
    const decision = await check.decide(
      { operation: 'lock', agent, taskId, paths: input.paths },
      {
        operation: 'lock_files',
        approved: request.approved === true,
        summary: `lock ${input.paths.join(', ')} (${input.mode}) for ${agent.name}${input.task_id ? ` on ${input.task_id}` : ''}`,
        request: {
          operation: 'lock',
          project: actor.project,
          agent_id: agent.id,
          paths: [...input.paths],
          mode: input.mode,
          ttl_seconds: input.ttl_seconds,
          reason: input.reason ?? null,
          task_id: taskId,
        },
      },
    );
    if (decision.kind === 'blocked') return { stop: { ok: false, error: decision.error }, warnings: decision.warnings };
    if (decision.kind === 'pending') {
      const value: LockFilesResult = { granted: false, locks: [], conflicts: [], pending_approval: decision.pending, ...warningsField(decision.warnings) };
      return { stop: { ok: true, value }, warnings: decision.warnings };
    }
    return { warnings: decision.warnings };
  }

  async #grantWithin(tx: Tx, requests: readonly LockRequest[]): Promise<BatchOutcome<LockFilesResult>[]> {
    const projects = [...new Set(requests.map((r) => r.actor.project))];
    // The policies in force are read before the lock space: nothing it serialises decides them.
    const check = await this.#gate.open(tx, projects);
    await this.#locks.enterLockSpace(tx);
    const agents = await touchAll(tx, this.#agents, requests, () => 'lock_files');
    // Per project: the task references of its requests, and the locks held there.
    const tasks = new Map<string, Map<string, string>>();
    const heldIn = new Map<string, { readonly held: Lock[]; readonly index: LockIndex<Lock> }>();
    for (const project of projects) {
      const refs = requests.flatMap((r) => (r.actor.project === project && r.input.task_id ? [r.input.task_id] : []));
      tasks.set(project, await this.#tasks.resolve(tx, project, refs));
      const held = await this.#locks.live(tx, project);
      heldIn.set(project, { held, index: new LockIndex(held) });
    }
    const outcomes: BatchOutcome<LockFilesResult>[] = [];
    const toInsert: { readonly index: number; readonly locks: NewLock[] }[] = [];
    const warningsOf = new Map<number, readonly string[]>();
    for (const [index, request] of requests.entries()) {
      const { actor, input } = request;
      const acting = agents[index];
      if (!acting?.ok) {
        outcomes.push({ ok: false, error: acting?.error ?? new Error('lock request without an agent outcome') });
        continue;
      }
      const agent = acting.agent;
      const { held, index: heldIndex } = heldIn.get(actor.project) ?? { held: [], index: new LockIndex<Lock>() };
      const taskId = input.task_id ? tasks.get(actor.project)?.get(input.task_id) : null;
      if (taskId === undefined) {
        outcomes.push({ ok: false, error: unknownTask('lock_files', input.task_id ?? '') });
        continue;
      }
      if (request.waiter) {
        request.waiter.agentId = agent.id;
        request.waiter.agentName = agent.name;
      }
      const conflicts = [...findConflicts(input.paths, input.mode, agent.id, heldIndex), ...this.#queuedAhead(request, agent.id, held)];
      if (conflicts.length > 0) {
        outcomes.push({ ok: true, value: { granted: false, locks: [], conflicts } });
        continue;
      }
      if (check.active) {
        const { stop, warnings } = await this.#policyVerdict(check, request, agent, taskId);
        if (stop) {
          outcomes.push(stop);
          continue;
        }
        warningsOf.set(index, warnings);
      }
      const change = { mode: input.mode, taskId, reason: input.reason ?? null, ttlSeconds: input.ttl_seconds };
      const own = held.filter((l) => l.held_by_id === agent.id && input.paths.includes(l.path));
      const renewed = await this.#locks.renew(tx, own.map((l) => l.lock_id), change);
      const fresh = input.paths.filter((p) => !own.some((l) => l.path === p)).map((path) => ({ ...change, project: actor.project, path, agentId: agent.id }));
      // Visible to the later requests of this batch before they are inserted.
      for (const lock of [...renewed, ...fresh.map((f) => provisional(f, agent.name))]) {
        const at = held.findIndex((h) => h.lock_id === lock.lock_id);
        if (at >= 0) held[at] = lock;
        else held.push(lock);
        heldIndex.add(lock);
      }
      toInsert.push({ index, locks: fresh });
      if (input.content_hashes) await this.#files.recordBases(tx, agent.id, input.content_hashes);
      outcomes.push({ ok: true, value: { granted: true, locks: renewed, conflicts: [] } });
    }
    const inserted = await this.#locks.insert(tx, toInsert.flatMap((t) => t.locks));
    for (const { index, locks } of toInsert) {
      const outcome = outcomes[index];
      const project = requests[index]?.actor.project;
      if (!outcome?.ok || project === undefined) continue;
      const mine = inserted.filter((l) => locks.some((n) => n.path === l.path && n.agentId === l.held_by_id));
      const all = [...outcome.value.locks, ...mine].sort((a, b) => a.path.localeCompare(b.path));
      outcomes[index] = { ok: true, value: { granted: true, locks: all, conflicts: [], ...warningsField(warningsOf.get(index) ?? []) } };
      if (all.length > 0) tx.within(project).emit({ type: 'lock.acquired', locks: all });
    }
    return outcomes;
  }
}

/** When the first lease among the held (not queued) conflicts lapses: a waiter retries then. */
function earliestLapse(result: LockFilesResult): number {
  const lapses = result.conflicts.filter((c) => c.queued !== true).map((c) => Date.parse(c.expires_at) + LAPSE_MARGIN_MS);
  return lapses.length > 0 ? Math.min(...lapses) : Number.POSITIVE_INFINITY;
}

const warningsField = (warnings: readonly string[]): Pick<LockFilesResult, 'warnings'> => (warnings.length > 0 ? { warnings: [...warnings] } : {});

/** A lock decided in this batch but not inserted yet, so later requests in the batch see it. */
function provisional(lock: NewLock, holderName: string): Lock {
  const now = new Date();
  return {
    lock_id: `provisional:${lock.agentId}:${lock.path}`,
    path: lock.path,
    mode: lock.mode,
    held_by: holderName,
    held_by_id: lock.agentId,
    task_id: lock.taskId,
    task_key: null,
    reason: lock.reason,
    acquired_at: now.toISOString(),
    expires_at: new Date(now.getTime() + lock.ttlSeconds * 1000).toISOString(),
    fencing_token: 0,
  };
}
