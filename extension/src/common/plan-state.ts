/**
 * The client's copy of the planning side of the coordinator: missions, sprints, the coverage report
 * (objectives → key results → requirements → tasks), the approvals queue, the policies in force and the
 * recent audit trail. Missions, sprints and approvals arrive as whole objects in their events and are
 * applied directly; the coverage report, the policies and the audit trail are derived on the server, so
 * an event that changes them only marks them stale (PlanSync reloads what a visible view needs).
 */
import type { Approval, AuditEntry, CoordinatorEvent, CoverageReport, Mission, PolicyList, Sprint } from '@agent-coordinator/shared';

export const PLAN_PARTS = ['missions', 'sprints', 'coverage', 'approvals', 'policies', 'audit'] as const;
export type PlanPart = (typeof PLAN_PARTS)[number];

/** What each part is loaded as. `approvals` holds the pending ones and the recently decided ones. */
export interface PlanData {
  readonly missions: readonly Mission[];
  readonly sprints: readonly Sprint[];
  readonly coverage: CoverageReport;
  readonly approvals: readonly Approval[];
  readonly policies: PolicyList;
  readonly audit: readonly AuditEntry[];
}

/** What an event did: parts whose data changed here, and parts the server must be asked again for. */
export interface PlanEffect {
  readonly changed: readonly PlanPart[];
  readonly stale: readonly PlanPart[];
}

/** How many decided approvals the view keeps (newest first). */
export const DECIDED_KEPT = 20;

const NONE: PlanEffect = { changed: [], stale: [] };

const byDecision = (a: Approval, b: Approval): number => (b.decided_at ?? b.created_at).localeCompare(a.decided_at ?? a.created_at);

export class PlanState {
  readonly #missions = new Map<string, Mission>();
  readonly #sprints = new Map<string, Sprint>();
  readonly #pending = new Map<string, Approval>();
  #decided: Approval[] = [];
  #coverage: CoverageReport | null = null;
  #coverageTasks = new Set<string>();
  #policies: PolicyList | null = null;
  #audit: readonly AuditEntry[] = [];
  readonly #loaded = new Set<PlanPart>();

  readonly #setters: { readonly [P in PlanPart]: (data: PlanData[P]) => void } = {
    missions: (data) => replaceAll(this.#missions, data, (m) => m.mission_id),
    sprints: (data) => replaceAll(this.#sprints, data, (s) => s.sprint_id),
    coverage: (data) => {
      this.#coverage = data;
      this.#coverageTasks = new Set(data.objectives.flatMap((o) => o.key_results.flatMap((k) => k.requirements.flatMap((r) => r.tasks.map((t) => t.task_id)))));
    },
    approvals: (data) => {
      this.#pending.clear();
      for (const a of data) if (a.status === 'pending') this.#pending.set(a.approval_id, a);
      this.#decided = data.filter((a) => a.status !== 'pending').sort(byDecision).slice(0, DECIDED_KEPT);
    },
    policies: (data) => {
      this.#policies = data;
    },
    audit: (data) => {
      this.#audit = data;
    },
  };

  loaded(part: PlanPart): boolean {
    return this.#loaded.has(part);
  }

  get missions(): readonly Mission[] {
    return [...this.#missions.values()];
  }

  mission(missionId: string): Mission | undefined {
    return this.#missions.get(missionId);
  }

  get sprints(): readonly Sprint[] {
    return [...this.#sprints.values()];
  }

  get coverage(): CoverageReport | null {
    return this.#coverage;
  }

  /** Oldest first: the order they were asked in. */
  get pendingApprovals(): readonly Approval[] {
    return [...this.#pending.values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** Newest decision first. */
  get decidedApprovals(): readonly Approval[] {
    return this.#decided;
  }

  approval(approvalId: string): Approval | undefined {
    return this.#pending.get(approvalId) ?? this.#decided.find((a) => a.approval_id === approvalId);
  }

  get policies(): PolicyList | null {
    return this.#policies;
  }

  get audit(): readonly AuditEntry[] {
    return this.#audit;
  }

  /** Replaces one part with what the server answered. */
  replace<P extends PlanPart>(part: P, data: PlanData[P]): void {
    this.#setters[part](data);
    this.#loaded.add(part);
  }

  /** Forgets everything (another server). */
  clear(): void {
    this.#missions.clear();
    this.#sprints.clear();
    this.#pending.clear();
    this.#decided = [];
    this.#coverage = null;
    this.#coverageTasks = new Set();
    this.#policies = null;
    this.#audit = [];
    this.#loaded.clear();
  }

  apply(event: CoordinatorEvent): PlanEffect {
    switch (event.type) {
      case 'mission.created':
      case 'mission.updated':
        this.#missions.set(event.mission.mission_id, event.mission);
        return { changed: ['missions'], stale: [] };
      case 'sprint.created':
      case 'sprint.updated':
        this.#sprints.set(event.sprint.sprint_id, event.sprint);
        return { changed: ['sprints'], stale: [] };
      case 'objective.created':
      case 'key_result.created':
      case 'key_result.updated':
      case 'requirement.created':
      case 'requirement.linked':
        return { changed: [], stale: ['coverage'] };
      case 'task.created':
      case 'task.claimed':
      case 'task.updated':
      case 'task.released': {
        // Task counts of missions and sprints, and coverage progress, are computed by the server.
        const stale: PlanPart[] = [];
        if (this.#missions.size > 0) stale.push('missions');
        if (this.#sprints.size > 0) stale.push('sprints');
        if (this.#coverageTasks.has(event.task.task_id)) stale.push('coverage');
        return { changed: [], stale };
      }
      case 'approval.requested':
        if (this.#decided.some((a) => a.approval_id === event.approval.approval_id)) return NONE; // replayed after its decision
        this.#pending.set(event.approval.approval_id, event.approval);
        return { changed: ['approvals'], stale: [] };
      case 'approval.decided':
        this.#pending.delete(event.approval.approval_id);
        this.#decided = [event.approval, ...this.#decided.filter((a) => a.approval_id !== event.approval.approval_id)].sort(byDecision).slice(0, DECIDED_KEPT);
        return { changed: ['approvals'], stale: ['audit'] };
      case 'policy.evaluated':
        return { changed: [], stale: ['audit'] };
      case 'policy.changed':
      case 'policy.file_rejected':
        return { changed: [], stale: ['policies'] };
      default:
        return NONE;
    }
  }
}

function replaceAll<T>(map: Map<string, T>, items: readonly T[], id: (item: T) => string): void {
  map.clear();
  for (const item of items) map.set(id(item), item);
}
