/**
 * Policies: what a team writes down must not happen, declared as data — in a `policies.yaml` under
 * version control and through the API — and checked on every claim, lock request and task transition
 * before the change commits. Each policy has a built-in kind, an outcome (block, warn or escalate to a
 * human) and an optional scope (missions, agent kinds, capabilities). Escalated changes wait in the
 * approvals queue; every evaluation that did not pass cleanly lands in the audit trail.
 *
 * The policy file:
 *
 *   version: 1
 *   policies:
 *     - name: protect-migrations
 *       kind: lock_paths
 *       paths: ["migrations/**", ".github/**"]
 *       outcome: escalate
 *       message: schema changes need a human
 *     - name: one-task-at-a-time
 *       kind: max_active_tasks
 *       limit: 1
 *       scope: { agent_kinds: [claude-code, copilot] }
 */
import * as z from 'zod';
import { freeText, nameText } from './text.ts';
import { LIMITS } from './limits.ts';
import { AgentKindSchema } from './agent.ts';
import { TaskStatusSchema } from './task.ts';
import { AgentRefSchema, CapabilitySchema, TimestampSchema, UuidSchema } from './common.ts';
import { RepoPathSchema } from './path.ts';
import { PolicyOutcomeSchema } from './policy-outcome.ts';

/** What a policy is checked on. */
export const POLICY_OPERATIONS = ['claim', 'lock', 'transition'] as const;
export const PolicyOperationSchema = z.enum(POLICY_OPERATIONS);
export type PolicyOperation = z.infer<typeof PolicyOperationSchema>;

export const PolicyNameSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(LIMITS.nameLength)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: 'policy names are lower-case words joined by - _ or . such as protect-migrations' });

/** A policy applies only to changes inside every scope given (an empty scope is everything). */
export const PolicyScopeSchema = z.strictObject({
  /** Tasks of these missions (ids or names). */
  missions: z.array(nameText().min(1)).max(100).optional(),
  /** Agents of these kinds. */
  agent_kinds: z.array(AgentKindSchema).max(10).optional(),
  /** Agents having at least one of these capabilities. */
  capabilities: z.array(CapabilitySchema).max(LIMITS.capabilities).optional(),
});
export type PolicyScope = z.infer<typeof PolicyScopeSchema>;

const base = {
  name: PolicyNameSchema,
  description: freeText().max(LIMITS.noteLength).optional(),
  /** Shown to whoever the policy stops or warns; a default naming the rule is used without it. */
  message: freeText().min(1).max(LIMITS.noteLength).optional(),
  enabled: z.boolean().default(true),
  scope: PolicyScopeSchema.default({}),
};
const StatusListSchema = z.array(TaskStatusSchema).min(1);
const LimitSchema = z.number({ error: 'expected a whole number' }).int().min(0).max(100_000);

/** The built-in rule kinds, each with the operations it is checked on. */
export const POLICY_KINDS = {
  /** Locking (or claiming a task whose files are) paths overlapping these globs. Default: escalate. */
  lock_paths: ['lock', 'claim'],
  /** An agent may hold at most `limit` claimed or in-progress tasks. Default: block. */
  max_active_tasks: ['claim'],
  /** At most `limit` claimed or in-progress tasks per mission. Default: block. */
  mission_wip_limit: ['claim'],
  /** Moving a task to one of `statuses` (default done) needs an agent with `capability`. Default: block. */
  transition_requires_capability: ['transition'],
  /** A task cannot be done without a linked requirement. Default: block. */
  done_requires_requirement: ['transition'],
  /** Only human agents may move a task to one of `statuses` (default cancelled). Default: block. */
  transition_requires_human: ['transition'],
} as const satisfies Record<string, readonly PolicyOperation[]>;
export type PolicyKind = keyof typeof POLICY_KINDS;

export const PolicySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...base, kind: z.literal('lock_paths'), outcome: PolicyOutcomeSchema.default('escalate'), paths: z.array(RepoPathSchema).min(1).max(LIMITS.filesPerRequest) }),
    z.strictObject({ ...base, kind: z.literal('max_active_tasks'), outcome: PolicyOutcomeSchema.default('block'), limit: LimitSchema }),
    z.strictObject({ ...base, kind: z.literal('mission_wip_limit'), outcome: PolicyOutcomeSchema.default('block'), limit: LimitSchema }),
    z.strictObject({
      ...base,
      kind: z.literal('transition_requires_capability'),
      outcome: PolicyOutcomeSchema.default('block'),
      capability: CapabilitySchema,
      statuses: StatusListSchema.default(['done']),
    }),
    z.strictObject({ ...base, kind: z.literal('done_requires_requirement'), outcome: PolicyOutcomeSchema.default('block') }),
    z.strictObject({ ...base, kind: z.literal('transition_requires_human'), outcome: PolicyOutcomeSchema.default('block'), statuses: StatusListSchema.default(['cancelled']) }),
  ],
  { error: `expected kind to be one of ${Object.keys(POLICY_KINDS).join(', ')}` },
);
export type Policy = z.output<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

const uniqueNames = (policies: readonly { readonly name: string }[], ctx: z.RefinementCtx): void => {
  const seen = new Map<string, number>();
  policies.forEach((p, i) => {
    const first = seen.get(p.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${p.name}" is already the name of policy ${first + 1}` });
    else seen.set(p.name, i);
  });
};

export const PolicyFileSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }).default(1),
  policies: z.array(PolicySchema).max(500).superRefine(uniqueNames).default([]),
});
export type PolicyFile = z.output<typeof PolicyFileSchema>;

export const POLICY_SOURCES = ['file', 'api'] as const;
export const PolicySourceSchema = z.enum(POLICY_SOURCES);
export type PolicySource = z.infer<typeof PolicySourceSchema>;

/** Where a broken policy file went wrong: line and column (1-based) when known, and the field path. */
export const PolicyFileErrorSchema = z.object({
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});
export type PolicyFileError = z.infer<typeof PolicyFileErrorSchema>;

export const PolicyFileStatusSchema = z.object({
  path: z.string().nullable(),
  /** When the set in force was read from it. */
  loaded_at: TimestampSchema.nullable(),
  policy_count: z.number().int(),
  /** The last attempt to read it failed: the previous set stays in force. */
  errors: z.array(PolicyFileErrorSchema),
});
export type PolicyFileStatus = z.infer<typeof PolicyFileStatusSchema>;

export const PolicyEntrySchema = z.object({
  source: PolicySourceSchema,
  /** An API policy with the name of a file policy is not in force (the file wins). */
  shadowed: z.boolean(),
  policy: PolicySchema,
});
export type PolicyEntry = z.infer<typeof PolicyEntrySchema>;

export const PolicyListSchema = z.object({ policies: z.array(PolicyEntrySchema), file: PolicyFileStatusSchema });
export type PolicyList = z.infer<typeof PolicyListSchema>;

export const DeclarePolicyInputSchema = z.strictObject({
  policy: PolicySchema,
  /** The human declaring it. */
  agent_id: AgentRefSchema.optional(),
});
export type DeclarePolicyInput = z.input<typeof DeclarePolicyInputSchema>;

export const RemovePolicyInputSchema = z.strictObject({ name: PolicyNameSchema, agent_id: AgentRefSchema.optional() });
export type RemovePolicyInput = z.input<typeof RemovePolicyInputSchema>;

export const ValidatePolicyFileInputSchema = z.strictObject({ text: freeText().max(LIMITS.requestBytes) });
export type ValidatePolicyFileInput = z.input<typeof ValidatePolicyFileInputSchema>;

export const ValidatePolicyFileResultSchema = z.object({ ok: z.boolean(), policies: z.array(PolicySchema), errors: z.array(PolicyFileErrorSchema) });
export type ValidatePolicyFileResult = z.infer<typeof ValidatePolicyFileResultSchema>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'failed', 'expired'] as const;
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES, { error: `expected one of ${APPROVAL_STATUSES.join(', ')}` });
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

/** How long an escalated change waits for a human before it expires unanswered (the server's `--approval-ttl`). */
export const DEFAULT_APPROVAL_TTL_SECONDS = 24 * 3600;

/**
 * A change a policy escalated. `approved` means a human approved it and it was applied; `failed` that
 * it was approved but could no longer be applied (another policy, a conflict, the task moved on) —
 * `result_note` says why; `expired` that nobody decided before `expires_at`, so it was never applied
 * (a week-old request would apply a stale change; the requester asks again if it still wants it).
 */
export const ApprovalSchema = z.object({
  approval_id: UuidSchema,
  status: ApprovalStatusSchema,
  operation: PolicyOperationSchema,
  policy: z.string(),
  message: z.string(),
  /** What was asked, in words: "lock migrations/** for T-4". */
  summary: z.string(),
  requester_id: UuidSchema.nullable(),
  requester_name: z.string().nullable(),
  task_id: UuidSchema.nullable(),
  task_key: z.string().nullable(),
  paths: z.array(z.string()),
  to_status: TaskStatusSchema.nullable(),
  decided_by: UuidSchema.nullable(),
  decided_by_name: z.string().nullable(),
  decision_note: z.string().nullable(),
  result_note: z.string().nullable(),
  created_at: TimestampSchema,
  /** When a pending approval expires unanswered: created_at plus the server's approval TTL. */
  expires_at: TimestampSchema,
  decided_at: TimestampSchema.nullable(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const ListApprovalsInputSchema = z.strictObject({
  /** Default: pending. */
  status: ApprovalStatusSchema.optional(),
  limit: z.number().int().min(1).max(LIMITS.listPageSize).default(100),
});
export type ListApprovalsInput = z.input<typeof ListApprovalsInputSchema>;

export const GetApprovalInputSchema = z.strictObject({ approval_id: UuidSchema });
export type GetApprovalInput = z.input<typeof GetApprovalInputSchema>;

export const DecideApprovalInputSchema = z.strictObject({
  approval_id: UuidSchema,
  /** The human deciding. */
  agent_id: AgentRefSchema.optional(),
  note: freeText().max(LIMITS.noteLength).optional(),
});
export type DecideApprovalInput = z.input<typeof DecideApprovalInputSchema>;

/** One evaluation that did not pass cleanly: who asked what, which policy, and what came of it. */
export const PolicyEvaluationSchema = z.object({
  evaluation_id: z.number().int(),
  at: TimestampSchema,
  operation: PolicyOperationSchema,
  agent_id: UuidSchema.nullable(),
  agent_name: z.string().nullable(),
  task_id: UuidSchema.nullable(),
  task_key: z.string().nullable(),
  paths: z.array(z.string()),
  from_status: TaskStatusSchema.nullable(),
  to_status: TaskStatusSchema.nullable(),
  policy: z.string(),
  outcome: PolicyOutcomeSchema,
  message: z.string(),
  approval_id: UuidSchema.nullable(),
});
export type PolicyEvaluation = z.infer<typeof PolicyEvaluationSchema>;

export const AuditEntrySchema = PolicyEvaluationSchema.extend({
  approval_status: ApprovalStatusSchema.nullable(),
  approver: z.string().nullable(),
  decided_at: TimestampSchema.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const ListAuditInputSchema = z.strictObject({
  policy: PolicyNameSchema.optional(),
  agent_id: AgentRefSchema.optional(),
  outcome: PolicyOutcomeSchema.optional(),
  /** Entries with a smaller evaluation_id than this (paging backwards; newest first). */
  before: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(LIMITS.listPageSize).default(100),
});
export type ListAuditInput = z.input<typeof ListAuditInputSchema>;
