/**
 * The guard: answers the hooks that make locks hold where the damage happens (shared/src/guard.ts).
 * - `verifyWrite` (the Claude Code hook, before a write): refused when another agent holds a path
 *   exclusively, when the caller's fencing token no longer holds, or when another agent changed a file
 *   since the caller last saw it; otherwise, with `auto_lock`, the free paths are locked for the caller
 *   for a short lease. Runs in the lock space, so it never races a grant.
 * - `reportWrite` (after a write): the content the write left becomes the writer's base and the path's
 *   last write.
 * - `checkCommit` / `reportCommit` (git hooks): which touched files others hold exclusively; a bypass and
 *   a commit seen touching them are recorded as audit events.
 * All of it within the caller's project (its locks, writes and repository), as an agent the caller may act as.
 */
import {
  isGlob,
  patternsOverlap,
  requestOverlapBudget,
  type AgentKind,
  type CheckCommitInputSchema,
  type CheckCommitResult,
  type Lock,
  type LockConflict,
  type Parsed,
  type ReportCommitInputSchema,
  type ReportCommitResult,
  type ReportWriteInputSchema,
  type ReportWriteResult,
  type VerifyWriteInputSchema,
  type VerifyWriteResult,
  type WriteCheck,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import { actingAs, overrideEvent } from '../agent/acting-as.ts';
import { AgentRepository, isUuid, type TouchedAgent } from '../agent/agent.repository.ts';
import { ownedAgentFromRow, toAgent } from '../agent/agent.rows.ts';
import { actingRef, unknownAgent } from '../agent/agent-ref.ts';
import { actAs, emitCameOnline, registerAgent } from '../agent/acting-agent.ts';
import { findConflicts } from '../lock/lock-conflicts.ts';
import { LockRepository } from '../lock/lock.repository.ts';
import { FileStateRepository } from '../file-state/file-state.repository.ts';
import { leaseProblem, requireLease } from './fencing.ts';
import { checkRepository } from './repository-identity.ts';
import { foreignWrite } from '../file-state/stale-base.ts';

/** What the guard does with locks: reads them, grants short leases, extends a writer's own (lock.repository.ts). */
export type GuardLocks = Pick<LockRepository, 'enterLockSpace' | 'live' | 'insert' | 'extend' | 'byIds'>;

export interface GuardServiceOptions {
  readonly livenessTimeoutSeconds: number;
}

export class GuardService {
  readonly #transactor: Transactor;
  readonly #options: GuardServiceOptions;
  readonly #agents = new AgentRepository();
  readonly #locks: GuardLocks = new LockRepository();
  readonly #files = new FileStateRepository();

  constructor(transactor: Transactor, options: GuardServiceOptions) {
    this.#transactor = transactor;
    this.#options = options;
  }

  verifyWrite(actor: Actor, input: Parsed<typeof VerifyWriteInputSchema>): Promise<VerifyWriteResult> {
    const ref = actingRef(actor, 'verify_write', input.agent_id);
    return this.#transactor.run(actor.project, async (tx) => {
      await this.#locks.enterLockSpace(tx);
      await checkRepository(tx, actor.project, 'verify_write', input.repository);
      const agent = await this.#actingAgent(tx, actor, ref, 'verify_write', input.register_kind);
      const identity = { agent_id: agent.id, agent_name: agent.name };
      if (input.fencing_token !== undefined) {
        const lease = await leaseProblem(tx, actor.project, agent.id, input.fencing_token);
        if (lease) {
          const files = input.paths.map((path): WriteCheck => ({ path, verdict: 'lease_lost', conflicts: [] }));
          return { allowed: false, ...identity, files, locks: [], lease: `verify_write: ${lease}` };
        }
      }
      const held = await this.#locks.live(tx, actor.project);
      const budget = requestOverlapBudget();
      const hashes = input.content_hashes ?? {};
      const hashed = Object.keys(hashes);
      const bases = await this.#files.bases(tx, agent.id, hashed);
      const writes = await this.#files.writes(tx, actor.project, hashed);
      const files: WriteCheck[] = input.paths.map((path) => {
        const all = findConflicts([path], 'exclusive', agent.id, held, budget);
        const conflicts = all.filter((c) => c.mode === 'exclusive');
        if (conflicts.length > 0) return { path, verdict: 'held_by_other', conflicts };
        const current = hashes[path];
        const changed = current === undefined ? null : foreignWrite(agent.id, current, bases.get(path), writes.get(path));
        if (changed) return { path, verdict: 'changed_since_read', conflicts: [], changed };
        const own = held.some((l) => l.held_by_id === agent.id && l.mode === 'exclusive' && patternsOverlap(path, l.path, budget));
        if (own) return { path, verdict: 'yours', conflicts: [] };
        // Another agent's shared lock does not stop a write, but an exclusive lease cannot be granted over it;
        // nor is a second lock stacked on the caller's own shared one.
        const lockable = input.auto_lock && all.length === 0 && !isGlob(path) && !held.some((l) => l.held_by_id === agent.id && l.path === path);
        return { path, verdict: lockable ? 'locked_for_you' : 'free', conflicts: [] };
      });
      const allowed = files.every((f) => f.verdict !== 'held_by_other' && f.verdict !== 'changed_since_read');
      // Whatever the outcome, what the caller has now is what it has seen: a file reported as changed goes
      // through on the next attempt, after the agent was told to read it again.
      await this.#files.recordBases(tx, agent.id, hashes);
      const refused = files.flatMap((f) => f.conflicts);
      if (refused.length > 0) tx.emit({ type: 'lock.write_refused', ...identity, tool: input.tool ?? null, conflicts: refused });
      if (!allowed || !input.auto_lock) {
        return { allowed, ...identity, files, locks: [] };
      }
      const locks = await this.#lease(tx, actor.project, agent.id, held, files, input.lease_seconds, input.tool);
      if (locks.length > 0) tx.emit({ type: 'lock.acquired', locks });
      return { allowed, ...identity, files, locks };
    });
  }

  reportWrite(actor: Actor, input: Parsed<typeof ReportWriteInputSchema>): Promise<ReportWriteResult> {
    const ref = actingRef(actor, 'report_write', input.agent_id);
    return this.#transactor.run(actor.project, async (tx) => {
      // The lock space before any agent row, the order grants take them in.
      if (input.fencing_token !== undefined) await this.#locks.enterLockSpace(tx);
      await checkRepository(tx, actor.project, 'report_write', input.repository);
      const agent = await this.#actingAgent(tx, actor, ref, 'report_write');
      if (input.fencing_token !== undefined) await requireLease(tx, actor.project, 'report_write', agent.id, input.fencing_token);
      await this.#files.recordWrites(tx, actor.project, agent.id, input.content_hashes, input.fencing_token ?? null);
      await this.#files.recordBases(tx, agent.id, input.content_hashes);
      return { recorded: Object.keys(input.content_hashes).length };
    });
  }

  checkCommit(actor: Actor, input: Parsed<typeof CheckCommitInputSchema>): Promise<CheckCommitResult> {
    return this.#transactor.run(actor.project, async (tx) => {
      await checkRepository(tx, actor.project, 'check_commit', input.repository);
      const committer = await this.#committer(tx, actor, 'check_commit', input.agent_id);
      const blocked = heldByOthers(input.paths, committer?.id ?? null, await this.#locks.live(tx, actor.project));
      const bypassed = input.bypass && blocked.length > 0;
      if (bypassed) {
        tx.emit({ type: 'guard.bypassed', hook: input.hook, agent_id: committer?.id ?? null, agent_name: committer?.name ?? null, git_user: input.git_user ?? null, conflicts: blocked });
      }
      return { blocked, bypassed };
    });
  }

  reportCommit(actor: Actor, input: Parsed<typeof ReportCommitInputSchema>): Promise<ReportCommitResult> {
    return this.#transactor.run(actor.project, async (tx) => {
      await checkRepository(tx, actor.project, 'report_commit', input.repository);
      const committer = await this.#committer(tx, actor, 'report_commit', input.agent_id);
      const touched = heldByOthers(input.paths, committer?.id ?? null, await this.#locks.live(tx, actor.project));
      if (touched.length > 0) {
        tx.emit({
          type: 'guard.commit_touched_locked',
          commit: input.commit,
          agent_id: committer?.id ?? null,
          agent_name: committer?.name ?? null,
          git_user: input.git_user ?? null,
          conflicts: touched,
        });
      }
      return { touched };
    });
  }

  /**
   * The calling agent, alive again, when the caller may act as it; registered with `registerKind` when
   * unknown (a hook's first call) — unless the caller is an agent token, which registers nothing new.
   */
  async #actingAgent(tx: Tx, actor: Actor, ref: string, operation: string, registerKind?: AgentKind): Promise<TouchedAgent> {
    const touched = (await this.#agents.touch(tx, actor.project, [ref])).get(ref);
    if (touched) {
      actAs(tx, actor, operation, touched);
      emitCameOnline(tx, [touched]);
      return touched;
    }
    if (registerKind === undefined || isUuid(ref)) throw unknownAgent(operation, ref);
    const { row, resumed } = await registerAgent(tx, this.#agents, actor, operation, { name: ref, kind: registerKind, capabilities: [] });
    const agent = toAgent(row, this.#options.livenessTimeoutSeconds);
    tx.emit({ type: 'agent.registered', agent, resumed });
    return { ...ownedAgentFromRow(row), kind: agent.kind, capabilities: agent.capabilities, wasOffline: false };
  }

  /**
   * The committing agent — the one named, else an agent token's own — if it is known and the caller may
   * act as it (an admin's override is recorded); otherwise the commit is nobody's and every lock counts.
   */
  async #committer(tx: Tx, actor: Actor, operation: string, ref: string | undefined): Promise<{ id: string; name: string } | null> {
    const named = ref ?? actor.agentId ?? undefined;
    if (named === undefined) return null;
    const row = await this.#agents.find(tx, actor, named);
    if (!row) return null;
    const agent = ownedAgentFromRow(row);
    const verdict = actingAs(actor, operation, agent);
    if (!verdict.allowed) return null;
    if (verdict.override) tx.emit(overrideEvent(actor, operation, agent));
    return { id: agent.id, name: agent.name };
  }

  /** Locks the paths verdicted `locked_for_you`, and extends the caller's own exact-path locks on `yours`. */
  async #lease(
    tx: Tx,
    project: string,
    agentId: string,
    held: readonly Lock[],
    files: readonly WriteCheck[],
    leaseSeconds: number,
    tool: string | undefined,
  ): Promise<Lock[]> {
    const own = held.filter((l) => l.held_by_id === agentId && files.some((f) => f.verdict === 'yours' && f.path === l.path));
    const extended = await this.#extend(tx, own.map((l) => l.lock_id), leaseSeconds);
    const fresh = files.filter((f) => f.verdict === 'locked_for_you');
    const inserted = await this.#locks.insert(
      tx,
      fresh.map((f) => ({ project, path: f.path, mode: 'exclusive' as const, agentId, taskId: null, reason: `writing (${tool ?? 'guard'})`, ttlSeconds: leaseSeconds })),
    );
    return [...extended, ...inserted].sort((a, b) => a.path.localeCompare(b.path));
  }

  async #extend(tx: Tx, lockIds: readonly string[], leaseSeconds: number): Promise<Lock[]> {
    if (lockIds.length === 0) return [];
    await this.#locks.extend(tx, lockIds, leaseSeconds);
    return this.#locks.byIds(tx, lockIds);
  }
}

function heldByOthers(paths: readonly string[], agentId: string | null, live: readonly Lock[]): LockConflict[] {
  const others = live.filter((l) => l.mode === 'exclusive' && l.held_by_id !== agentId);
  return others.length === 0 ? [] : findConflicts(paths, 'exclusive', agentId ?? '', others);
}
