/**
 * The Approvals view as data: the changes policies escalated that wait for a human (approve or reject
 * from the row), the recently decided ones, the policies in force, and the recent audit trail (every
 * evaluation that did not pass cleanly).
 */
import type { Approval, AuditEntry, Policy, PolicyEntry, PolicyList } from '@agent-coordinator/shared';
import { ago, clockTime } from './format.ts';
import type { NodeIcon, ViewNode } from './view-node.ts';

export interface ApprovalTreeInput {
  readonly pending: readonly Approval[];
  readonly decided: readonly Approval[];
  readonly policies: PolicyList | null;
  readonly audit: readonly AuditEntry[];
  /** The agents this window acts as: their own requests say so. */
  readonly selfIds: ReadonlySet<string>;
  readonly now?: number;
}

const DECIDED_ICONS: Readonly<Record<Approval['status'], NodeIcon>> = {
  pending: { id: 'shield', color: 'charts.yellow' },
  approved: { id: 'pass-filled', color: 'charts.green' },
  rejected: { id: 'circle-slash', color: 'charts.red' },
  failed: { id: 'error', color: 'charts.orange' },
  expired: { id: 'watch', color: 'disabledForeground' },
};
const OUTCOME_ICONS: Readonly<Record<AuditEntry['outcome'], NodeIcon>> = {
  block: { id: 'circle-slash', color: 'charts.red' },
  warn: { id: 'warning', color: 'charts.yellow' },
  escalate: { id: 'shield', color: 'charts.orange' },
};

const requester = (a: Approval, selfIds: ReadonlySet<string>): string => (a.requester_id && selfIds.has(a.requester_id) ? 'you' : (a.requester_name ?? 'unknown agent'));

function approvalTooltip(a: Approval, selfIds: ReadonlySet<string>, now: number): string {
  return [
    a.summary,
    `asked by ${requester(a, selfIds)} ${ago(a.created_at, now)}${a.task_key ? ` for ${a.task_key}` : ''}`,
    `policy ${a.policy}: ${a.message}`,
    a.paths.length > 0 ? `paths: ${a.paths.join(', ')}` : '',
    a.to_status ? `to status: ${a.to_status}` : '',
    a.status === 'pending' ? `expires ${clockTime(a.expires_at, now)} if nobody decides` : '',
    a.status !== 'pending' ? `${a.status}${a.decided_by_name ? ` by ${a.decided_by_name}` : ''}${a.decided_at ? ` at ${clockTime(a.decided_at, now)}` : ''}` : '',
    a.decision_note ? `note: ${a.decision_note}` : '',
    a.result_note ? `result: ${a.result_note}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function pendingNode(a: Approval, selfIds: ReadonlySet<string>, now: number): ViewNode {
  const own = a.requester_id !== null && selfIds.has(a.requester_id);
  return {
    id: `approval/${a.approval_id}`,
    label: a.summary,
    description: `${a.policy} · ${requester(a, selfIds)} · ${ago(a.created_at, now)}`,
    tooltip: approvalTooltip(a, selfIds, now),
    icon: DECIDED_ICONS.pending,
    contextValue: `approval pending${own ? ' own' : ''}`,
    ref: { approvalId: a.approval_id, ...(a.task_id ? { taskId: a.task_id } : {}) },
  };
}

function decidedNode(a: Approval, selfIds: ReadonlySet<string>, now: number): ViewNode {
  const by = a.decided_by_name ? ` by ${a.decided_by_name}` : '';
  return {
    id: `approval/${a.approval_id}`,
    label: a.summary,
    description: `${a.status}${by}${a.decided_at ? ` · ${clockTime(a.decided_at, now)}` : ''}`,
    tooltip: approvalTooltip(a, selfIds, now),
    icon: DECIDED_ICONS[a.status],
    contextValue: `approval decided status-${a.status}`,
    ref: { approvalId: a.approval_id },
  };
}

/** What a policy checks, in a few words. */
export function describePolicy(policy: Policy): string {
  switch (policy.kind) {
    case 'lock_paths':
      return `locks on ${policy.paths.join(', ')}`;
    case 'max_active_tasks':
      return `at most ${policy.limit} active task${policy.limit === 1 ? '' : 's'} per agent`;
    case 'mission_wip_limit':
      return `at most ${policy.limit} active task${policy.limit === 1 ? '' : 's'} per mission`;
    case 'transition_requires_capability':
      return `${policy.statuses.join('/')} needs capability ${policy.capability}`;
    case 'done_requires_requirement':
      return 'done needs a linked requirement';
    case 'transition_requires_human':
      return `${policy.statuses.join('/')} only by a human`;
  }
}

function policyNode(entry: PolicyEntry): ViewNode {
  const p = entry.policy;
  const scope = [
    p.scope.missions?.length ? `missions ${p.scope.missions.join(', ')}` : '',
    p.scope.agent_kinds?.length ? `agents of kind ${p.scope.agent_kinds.join(', ')}` : '',
    p.scope.capabilities?.length ? `agents with ${p.scope.capabilities.join(', ')}` : '',
  ].filter(Boolean);
  const state = !p.enabled ? 'disabled' : entry.shadowed ? 'shadowed by the policy file' : '';
  return {
    id: `policy/${entry.source}/${p.name}`,
    label: p.name,
    description: [p.outcome, describePolicy(p), entry.source === 'file' ? 'file' : 'api', state].filter(Boolean).join(' · '),
    tooltip: [`${p.name} (${p.kind}, ${p.outcome}) — from the ${entry.source === 'file' ? 'policy file' : 'API'}`, p.description ?? '', p.message ? `message: ${p.message}` : '', scope.length > 0 ? `only for ${scope.join('; ')}` : 'applies to everyone', state]
      .filter(Boolean)
      .join('\n'),
    icon: !p.enabled || entry.shadowed ? { id: 'law', color: 'disabledForeground' } : { id: 'law' },
    contextValue: `policy source-${entry.source}`,
  };
}

function auditNode(entry: AuditEntry, now: number): ViewNode {
  const what = entry.operation === 'transition' && entry.to_status ? `move ${entry.task_key ?? 'a task'} to ${entry.to_status}` : `${entry.operation} ${entry.paths.length > 0 ? entry.paths.join(', ') : (entry.task_key ?? '')}`.trim();
  const decision = entry.approval_status && entry.approval_status !== 'pending' ? ` → ${entry.approval_status}${entry.approver ? ` by ${entry.approver}` : ''}` : entry.approval_status === 'pending' ? ' → waiting' : '';
  return {
    id: `audit/${entry.evaluation_id}`,
    label: `${entry.agent_name ?? 'someone'}: ${what}`,
    description: `${entry.policy} ${entry.outcome}${decision} · ${clockTime(entry.at, now)}`,
    tooltip: `${entry.policy} (${entry.outcome}) at ${clockTime(entry.at, now)}: ${entry.message}`,
    icon: OUTCOME_ICONS[entry.outcome],
    contextValue: 'auditEntry',
    ref: { ...(entry.approval_id ? { approvalId: entry.approval_id } : {}), ...(entry.task_id ? { taskId: entry.task_id } : {}) },
  };
}

/** Pending first (expanded), then decided, policies and audit (collapsed); nothing when all are empty. */
export function buildApprovalTree(input: ApprovalTreeInput): ViewNode[] {
  const now = input.now ?? Date.now();
  const policies = input.policies?.policies ?? [];
  const fileErrors = input.policies?.file.errors ?? [];
  if (input.pending.length === 0 && input.decided.length === 0 && policies.length === 0 && input.audit.length === 0 && fileErrors.length === 0) return [];
  const nodes: ViewNode[] = [
    input.pending.length > 0
      ? {
          id: 'approvals/pending',
          label: 'Waiting for approval',
          description: String(input.pending.length),
          icon: { id: 'shield', color: 'charts.yellow' },
          contextValue: 'approvalGroup',
          children: input.pending.map((a) => pendingNode(a, input.selfIds, now)),
          expanded: true,
        }
      : { id: 'approvals/none', label: 'Nothing waits for approval', icon: { id: 'check' }, contextValue: 'approvalGroup' },
  ];
  if (input.decided.length > 0) {
    nodes.push({
      id: 'approvals/decided',
      label: 'Recently decided',
      description: String(input.decided.length),
      icon: { id: 'history' },
      contextValue: 'approvalGroup',
      children: input.decided.map((a) => decidedNode(a, input.selfIds, now)),
      expanded: false,
    });
  }
  if (policies.length > 0 || fileErrors.length > 0) {
    const file = input.policies?.file;
    nodes.push({
      id: 'approvals/policies',
      label: 'Policies',
      description: `${policies.filter((p) => p.policy.enabled && !p.shadowed).length} in force`,
      tooltip: file?.path ? `policy file ${file.path}${file.loaded_at ? `, loaded ${clockTime(file.loaded_at, now)}` : ''}` : 'no policy file; policies declared through the API',
      icon: { id: 'law' },
      contextValue: 'policyGroup',
      children: [
        ...fileErrors.map(
          (e, i): ViewNode => ({
            id: `policy/error/${i}`,
            label: `${file?.path ?? 'policy file'}${e.line !== null ? `:${e.line}${e.column !== null ? `:${e.column}` : ''}` : ''}`,
            description: e.message,
            tooltip: `The policy file was not loaded (the previous policies stay in force): ${e.field ? `${e.field}: ` : ''}${e.message}`,
            icon: { id: 'error', color: 'charts.red' },
            contextValue: 'policyError',
          }),
        ),
        ...policies.map(policyNode),
      ],
      expanded: false,
    });
  }
  if (input.audit.length > 0) {
    nodes.push({
      id: 'approvals/audit',
      label: 'Audit trail',
      description: `last ${input.audit.length}`,
      icon: { id: 'list-unordered' },
      contextValue: 'auditGroup',
      children: input.audit.map((e) => auditNode(e, now)),
      expanded: false,
    });
  }
  return nodes;
}
