/**
 * The policy gate the task, claim and lock services call inside the transaction of a change, before
 * applying it: `open(tx)` gets the policies in force, `decide(change, …)` evaluates them and does what
 * the verdict requires in that same transaction —
 *
 *   allow    → proceed;
 *   warn     → proceed, the warnings (`<policy>: <message>`) returned to the caller and recorded;
 *   block    → a POLICY_DENIED error naming the policy and its message, recorded (the caller commits
 *              the record and then throws, so a refusal is never lost with the rolled-back change);
 *   escalate → not applied: an approval request is queued (or the identical pending one reused) and
 *              returned as a pending approval; it expires unanswered after the gate's approval TTL.
 *
 * Several objections combine: any block blocks; else any escalation escalates (one approval covers the
 * change); warnings accompany either. When a human approved the change, escalations are satisfied and
 * only blocks still stop it. Every objection becomes an audit entry and a `policy.evaluated` event.
 *
 * Policies are per project: a decision is about a change in the project its approval request names
 * (`options.request.project`), and only the policy file's policies and that project's API-declared ones
 * apply to it (see policy-registry.ts). One opened gate serves a batch whose requests come from several
 * projects: each project's API policies are read once, when `open` is told them or at its first decision.
 * The audit entry, the approval and the events of a decision belong to that project too.
 */
import { CoordinatorError, DEFAULT_APPROVAL_TTL_SECONDS, type PendingApproval, type Policy, type PolicyOutcome, type VerdictOutcome } from '@agent-coordinator/shared';
import type { Tx } from '../../common/transactor.ts';
import type { Sql } from '../../db/database.ts';
import { ApprovalRepository } from '../approval/approval.repository.ts';
import type { ApprovalRequest } from '../approval/approval-request.ts';
import { PolicyFactsRepository } from './policy-facts.repository.ts';
import { PolicyRepository } from './policy.repository.ts';
import { effectivePolicies, type PolicyRegistry } from './policy-registry.ts';
import { objection, type IntendedChange, type PolicyFacts, type TaskFacts } from './policy-rules.ts';

export type { IntendedChange, PolicyAgent } from './policy-rules.ts';

export interface Finding {
  readonly policy: string;
  readonly outcome: PolicyOutcome;
  readonly message: string;
}

export interface Verdict {
  readonly outcome: VerdictOutcome;
  /** The deciding policy and its message (null when allowed). */
  readonly policy: string | null;
  readonly message: string | null;
  readonly findings: readonly Finding[];
}

export type Decision =
  | { readonly kind: 'proceed'; readonly warnings: readonly string[] }
  | { readonly kind: 'blocked'; readonly policy: string; readonly error: CoordinatorError; readonly warnings: readonly string[] }
  | { readonly kind: 'pending'; readonly pending: PendingApproval; readonly warnings: readonly string[] };

export interface DecideOptions {
  /** The operation as the caller named it (`lock_files`), for the error message. */
  readonly operation: string;
  /** The change as it will be applied if a human approves it. */
  readonly request: ApprovalRequest;
  /** The change in words, for the approvals queue. */
  readonly summary: string;
  /** A human already approved this change: escalations are satisfied. */
  readonly approved?: boolean;
}

/** The policies in force in one project (file ∪ its API ones), read once per transaction. */
type PoliciesOf = (project: string) => Promise<readonly Policy[]>;

const PROCEED: Decision = { kind: 'proceed', warnings: [] };

/** The reads behind the gate's facts, one statement each (policy-facts.repository.ts). */
export interface PolicyFactReads {
  task(sql: Sql, id: string): Promise<TaskFacts | null>;
  missionName(sql: Sql, id: string): Promise<string | null>;
  activeTasksOf(sql: Sql, agentId: string): Promise<number>;
  activeTasksInMission(sql: Sql, missionId: string): Promise<number>;
  requirementLinks(sql: Sql, taskId: string): Promise<number>;
}

const FACTS: PolicyFactReads = new PolicyFactsRepository();

/** Facts read once per transaction; claims decided earlier in the same batch are counted in. */
class TransactionFacts implements PolicyFacts {
  readonly #tx: Tx;
  readonly #reads: PolicyFactReads;
  readonly #tasks = new Map<string, TaskFacts | null>();
  readonly #missionNames = new Map<string, string | null>();
  readonly #agentActive = new Map<string, number>();
  readonly #missionActive = new Map<string, number>();
  readonly #agentExtra = new Map<string, number>();
  readonly #missionExtra = new Map<string, number>();

  constructor(tx: Tx, reads: PolicyFactReads) {
    this.#tx = tx;
    this.#reads = reads;
  }

  async task(id: string): Promise<TaskFacts | null> {
    if (!this.#tasks.has(id)) this.#tasks.set(id, await this.#reads.task(this.#tx, id));
    return this.#tasks.get(id) ?? null;
  }

  async missionName(id: string): Promise<string | null> {
    if (!this.#missionNames.has(id)) this.#missionNames.set(id, await this.#reads.missionName(this.#tx, id));
    return this.#missionNames.get(id) ?? null;
  }

  async activeTasksOf(agentId: string): Promise<number> {
    if (!this.#agentActive.has(agentId)) this.#agentActive.set(agentId, await this.#reads.activeTasksOf(this.#tx, agentId));
    return (this.#agentActive.get(agentId) ?? 0) + (this.#agentExtra.get(agentId) ?? 0);
  }

  async activeTasksInMission(missionId: string): Promise<number> {
    if (!this.#missionActive.has(missionId)) this.#missionActive.set(missionId, await this.#reads.activeTasksInMission(this.#tx, missionId));
    return (this.#missionActive.get(missionId) ?? 0) + (this.#missionExtra.get(missionId) ?? 0);
  }

  async requirementLinks(taskId: string): Promise<number> {
    return this.#reads.requirementLinks(this.#tx, taskId);
  }

  noteClaim(agentId: string, missionId: string | null): void {
    this.#agentExtra.set(agentId, (this.#agentExtra.get(agentId) ?? 0) + 1);
    if (missionId) this.#missionExtra.set(missionId, (this.#missionExtra.get(missionId) ?? 0) + 1);
  }
}

/** The policies in force for one transaction, and what they say about the changes it makes (in any project). */
export class PolicyCheck {
  readonly #tx: Tx;
  readonly #policiesOf: PoliciesOf;
  readonly #active: boolean;
  readonly #approvalTtlSeconds: number;
  readonly #facts: TransactionFacts;
  readonly #audit = new PolicyRepository();
  readonly #approvals = new ApprovalRepository();
  /** Objections already recorded in this transaction (a claim scan meets the same one for many candidates). */
  readonly #recorded = new Set<string>();

  /**
   * `active`: whether any policy is in force in the projects the gate was opened for (see
   * `PolicyGate.open`); `approvalTtlSeconds`: how long an approval it queues waits for a human;
   * `reads`: where the facts the policies judge come from.
   */
  constructor(tx: Tx, policiesOf: PoliciesOf, active: boolean, approvalTtlSeconds: number, reads: PolicyFactReads) {
    this.#tx = tx;
    this.#policiesOf = policiesOf;
    this.#active = active;
    this.#approvalTtlSeconds = approvalTtlSeconds;
    this.#facts = new TransactionFacts(tx, reads);
  }

  /**
   * False when no policy is in force in the projects this check was opened for (or, opened without
   * projects, in any project): callers may skip the gate entirely for changes in those projects.
   */
  get active(): boolean {
    return this.#active;
  }

  /** What the policies of `project` say about a change there, without recording anything. */
  async evaluate(project: string, change: IntendedChange, approved = false): Promise<Verdict> {
    const findings: Finding[] = [];
    for (const policy of await this.#policiesOf(project)) {
      const message = await objection(policy, change, this.#facts);
      if (message !== null && !(approved && policy.outcome === 'escalate')) findings.push({ policy: policy.name, outcome: policy.outcome, message });
    }
    const deciding = findings.find((f) => f.outcome === 'block') ?? findings.find((f) => f.outcome === 'escalate') ?? findings.find((f) => f.outcome === 'warn');
    return { outcome: deciding?.outcome ?? 'allow', policy: deciding?.policy ?? null, message: deciding?.message ?? null, findings };
  }

  /** Decides a change in the project its request names (`options.request.project`). */
  async decide(change: IntendedChange, options: DecideOptions): Promise<Decision> {
    const project = options.request.project;
    const verdict = await this.evaluate(project, change, options.approved === true);
    if (verdict.outcome === 'allow') return PROCEED;
    const warnings = verdict.findings.filter((f) => f.outcome === 'warn').map((f) => `${f.policy}: ${f.message}`);
    for (const finding of verdict.findings) if (finding.outcome === 'warn') await this.#record(project, change, finding, null);
    if (verdict.outcome === 'block') {
      for (const finding of verdict.findings) if (finding.outcome === 'block') await this.#record(project, change, finding, null);
      return {
        kind: 'blocked',
        policy: verdict.policy ?? '',
        error: new CoordinatorError('POLICY_DENIED', `${options.operation}: refused by policy ${verdict.policy}: ${verdict.message}`, [
          { field: 'policy', message: verdict.policy ?? '' },
        ]),
        warnings,
      };
    }
    if (verdict.outcome === 'escalate') {
      const escalations = verdict.findings.filter((f) => f.outcome === 'escalate');
      const task = change.taskId === null ? null : await this.#facts.task(change.taskId);
      const { approval, created } = await this.#approvals.createOrReuse(this.#tx, {
        project,
        request: options.request,
        policy: verdict.policy ?? '',
        message: escalations.map((f) => f.message).join('; '),
        summary: options.summary,
        requesterId: change.agent?.id ?? null,
        taskId: task?.id ?? null,
        paths: change.operation === 'transition' ? [] : change.paths,
        toStatus: change.operation === 'transition' ? change.to : null,
        ttlSeconds: this.#approvalTtlSeconds,
      });
      if (created) {
        for (const finding of escalations) await this.#record(project, change, finding, approval.approval_id);
        this.#tx.within(project).emit({ type: 'approval.requested', approval });
      }
      return { kind: 'pending', pending: { approval_id: approval.approval_id, policy: approval.policy, message: approval.message }, warnings };
    }
    return { kind: 'proceed', warnings };
  }

  /** Counts a claim decided in this batch before it is written, so limits see it. */
  noteClaim(agentId: string, missionId: string | null): void {
    this.#facts.noteClaim(agentId, missionId);
  }

  async #record(project: string, change: IntendedChange, finding: Finding, approvalId: string | null): Promise<void> {
    const key = [project, change.operation, change.agent?.id ?? '', finding.policy, finding.outcome, finding.message, approvalId ?? ''].join('\u0000');
    if (this.#recorded.has(key)) return;
    this.#recorded.add(key);
    const task = change.taskId === null ? null : await this.#facts.task(change.taskId);
    const evaluation = await this.#audit.record(this.#tx, {
      project,
      operation: change.operation,
      agentId: change.agent?.id ?? null,
      agentName: change.agent?.name ?? null,
      taskId: task?.id ?? null,
      taskKey: task?.key ?? null,
      paths: change.operation === 'transition' ? [] : change.paths,
      fromStatus: change.operation === 'transition' ? change.from : null,
      toStatus: change.operation === 'transition' ? change.to : null,
      policy: finding.policy,
      outcome: finding.outcome,
      message: finding.message,
      approvalId,
    });
    this.#tx.within(project).emit({ type: 'policy.evaluated', evaluation });
  }
}

export class PolicyGate {
  readonly #registry: PolicyRegistry;
  readonly #approvalTtlSeconds: number;
  readonly #repository = new PolicyRepository();
  readonly #facts: PolicyFactReads;

  constructor(registry: PolicyRegistry, options: { readonly approvalTtlSeconds: number }, facts: PolicyFactReads = FACTS) {
    this.#registry = registry;
    this.#approvalTtlSeconds = options.approvalTtlSeconds;
    this.#facts = facts;
  }

  /**
   * The policies in force now (file ∪ each project's API ones), read in the transaction that is about
   * to change something. `projects`, when the caller knows them, are the projects whose changes it will
   * decide: their API policies are read at once and `active` is exact for them. Without it, `active` is
   * true when the file or any project has policies. Either way a decision for a project not read yet
   * reads that project's policies then (once), so a decision is never made without them.
   */
  async open(tx: Tx, projects?: readonly string[]): Promise<PolicyCheck> {
    const file = this.#registry.filePolicies;
    const read = new Map<string, Promise<readonly Policy[]>>();
    let active = false;
    if (projects === undefined) {
      active = file.some((p) => p.enabled) || (await this.#repository.anyApiPolicy(tx));
      if (!active) return new PolicyCheck(tx, async () => [], false, this.#approvalTtlSeconds, this.#facts);
    } else {
      const distinct = [...new Set(projects)];
      const api = await this.#repository.apiPolicies(tx, distinct);
      for (const project of distinct) {
        const policies = effectivePolicies(file, api.get(project) ?? []);
        read.set(project, Promise.resolve(policies));
        active ||= policies.length > 0;
      }
    }
    const policiesOf: PoliciesOf = (project) => {
      let policies = read.get(project);
      if (!policies) {
        policies = this.#repository.apiPolicies(tx, [project]).then((api) => effectivePolicies(file, api.get(project) ?? []));
        read.set(project, policies);
      }
      return policies;
    };
    return new PolicyCheck(tx, policiesOf, active, this.#approvalTtlSeconds, this.#facts);
  }
}

/** A gate with no policies, for services built without one (nothing escalates, so the TTL is never used). */
export const NO_POLICIES: Pick<PolicyGate, 'open'> = { open: async (tx) => new PolicyCheck(tx, async () => [], false, DEFAULT_APPROVAL_TTL_SECONDS, FACTS) };
