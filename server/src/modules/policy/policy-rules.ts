/**
 * The built-in rule kinds: whether a policy applies to an intended change (its kind's operations and
 * its scope) and, if so, whether it objects — with the message the caller sees. Facts that need the
 * database (counts, links, names) come through `PolicyFacts`, read in the change's own transaction.
 */
import { POLICY_KINDS, patternsOverlap, requestOverlapBudget, type AgentKind, type Policy, type PolicyOperation, type TaskStatus } from '@agent-coordinator/shared';

export interface PolicyAgent {
  readonly id: string;
  readonly name: string;
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
}

export type IntendedChange =
  | { readonly operation: 'claim'; readonly agent: PolicyAgent; readonly taskId: string; readonly paths: readonly string[] }
  | { readonly operation: 'lock'; readonly agent: PolicyAgent; readonly taskId: string | null; readonly paths: readonly string[] }
  | {
      readonly operation: 'transition';
      readonly agent: PolicyAgent | null;
      readonly taskId: string;
      readonly from: TaskStatus;
      readonly to: TaskStatus;
    };

export interface TaskFacts {
  readonly id: string;
  readonly key: string;
  readonly missionId: string | null;
}

export interface PolicyFacts {
  task(id: string): Promise<TaskFacts | null>;
  missionName(id: string): Promise<string | null>;
  /** Claimed or in-progress tasks of the agent, counting claims decided earlier in this transaction. */
  activeTasksOf(agentId: string): Promise<number>;
  activeTasksInMission(missionId: string): Promise<number>;
  requirementLinks(taskId: string): Promise<number>;
}

const appliesTo = (policy: Policy, operation: PolicyOperation): boolean => (POLICY_KINDS[policy.kind] as readonly PolicyOperation[]).includes(operation);

async function inScope(policy: Policy, change: IntendedChange, facts: PolicyFacts): Promise<boolean> {
  const { missions, agent_kinds: kinds, capabilities } = policy.scope;
  if (kinds && (!change.agent || !kinds.includes(change.agent.kind))) return false;
  if (capabilities && (!change.agent || !capabilities.some((c) => change.agent?.capabilities.includes(c)))) return false;
  if (missions) {
    const task = change.taskId === null ? null : await facts.task(change.taskId);
    if (!task?.missionId) return false;
    const name = await facts.missionName(task.missionId);
    if (!missions.includes(task.missionId) && (name === null || !missions.includes(name))) return false;
  }
  return true;
}

const quoteList = (items: readonly string[]): string => items.map((i) => `"${i}"`).join(', ');
const who = (agent: PolicyAgent | null): string => (agent ? agent.name : 'a caller without agent_id');

/** The objection of one rule to a change, or null. Out-of-kind and out-of-scope changes pass. */
export async function objection(policy: Policy, change: IntendedChange, facts: PolicyFacts): Promise<string | null> {
  if (!appliesTo(policy, change.operation) || !(await inScope(policy, change, facts))) return null;
  const say = (fallback: string): string => policy.message ?? fallback;
  switch (policy.kind) {
    case 'lock_paths': {
      if (change.operation === 'transition') return null;
      const budget = requestOverlapBudget();
      const hit = change.paths.filter((path) => policy.paths.some((protectedPath) => patternsOverlap(path, protectedPath, budget)));
      if (hit.length === 0) return null;
      const verb = policy.outcome === 'escalate' ? 'need human approval to lock' : policy.outcome === 'block' ? 'may not be locked' : 'are protected';
      return say(`${quoteList(hit)} ${verb} (protected: ${policy.paths.join(', ')})`);
    }
    case 'max_active_tasks': {
      if (change.operation !== 'claim') return null;
      const active = await facts.activeTasksOf(change.agent.id);
      if (active + 1 <= policy.limit) return null;
      return say(`${change.agent.name} already has ${active} claimed or in-progress task(s); at most ${policy.limit} at once — finish one first`);
    }
    case 'mission_wip_limit': {
      if (change.operation !== 'claim') return null;
      const task = await facts.task(change.taskId);
      if (!task?.missionId) return null;
      const active = await facts.activeTasksInMission(task.missionId);
      if (active + 1 <= policy.limit) return null;
      const name = (await facts.missionName(task.missionId)) ?? task.missionId;
      return say(`mission "${name}" already has ${active} task(s) in progress; its work-in-progress limit is ${policy.limit}`);
    }
    case 'transition_requires_capability': {
      if (change.operation !== 'transition' || !policy.statuses.includes(change.to)) return null;
      if (change.agent?.capabilities.includes(policy.capability)) return null;
      return say(`only an agent with capability "${policy.capability}" may set a task ${change.to}; ${who(change.agent)} lacks it`);
    }
    case 'done_requires_requirement': {
      if (change.operation !== 'transition' || change.to !== 'done') return null;
      if ((await facts.requirementLinks(change.taskId)) > 0) return null;
      const task = await facts.task(change.taskId);
      return say(`${task?.key ?? change.taskId} is linked to no requirement — link it (link_task) before completing it`);
    }
    case 'transition_requires_human': {
      if (change.operation !== 'transition' || !policy.statuses.includes(change.to)) return null;
      if (change.agent?.kind === 'human') return null;
      return say(`only humans may set a task ${change.to}; ${who(change.agent)} is ${change.agent ? `a ${change.agent.kind} agent` : 'not a human'}`);
    }
  }
}
