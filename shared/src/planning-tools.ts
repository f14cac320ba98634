/**
 * The planning and policy tools, in two toolsets beside the core catalogue (tools.ts). Tool definitions
 * are context an agent pays for on every turn, so an MCP session lists the core set unless it asks for
 * more: `/mcp?toolsets=planning,policy` (or `all`). Human principals add `policy` to decide approvals.
 */
import * as z from 'zod';
import { TOOLS, type ToolDefinition } from './tools.ts';
import { MESSAGE_TOOLS } from './inbox-tools.ts';
import { RUN_TOOLS } from './run-tools.ts';
import {
  CreateMissionInputSchema,
  CreateSprintInputSchema,
  ListMissionsInputSchema,
  ListSprintsInputSchema,
  MissionSchema,
  PlanTaskInputSchema,
  SprintSchema,
  UpdateMissionInputSchema,
  UpdateSprintInputSchema,
  GetMissionInputSchema,
} from './mission.ts';
import {
  AddKeyResultInputSchema,
  AddRequirementInputSchema,
  CoverageReportSchema,
  CreateObjectiveInputSchema,
  GetCoverageInputSchema,
  KeyResultSchema,
  LinkTaskInputSchema,
  LinkTaskResultSchema,
  ObjectiveSchema,
  RequirementSchema,
  UpdateKeyResultInputSchema,
} from './planning.ts';
import {
  ApprovalSchema,
  AuditEntrySchema,
  DecideApprovalInputSchema,
  DeclarePolicyInputSchema,
  ListApprovalsInputSchema,
  ListAuditInputSchema,
  PolicyEntrySchema,
  PolicyListSchema,
  RemovePolicyInputSchema,
} from './policy.ts';
import { TaskSchema } from './task.ts';
import { KNOWLEDGE_TOOLS } from './knowledge.ts';

const define = <I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> => tool;

export const PLANNING_TOOLS = {
  create_mission: define({
    name: 'create_mission',
    title: 'Create mission',
    description: 'Create a mission (a goal tasks belong to): unique name, description, owner and the principals taking part.',
    input: CreateMissionInputSchema,
    output: MissionSchema,
    mutates: true,
  }),
  update_mission: define({
    name: 'update_mission',
    title: 'Update mission',
    description: 'Change a mission (by id or name): name, description, status, owner; add or remove principals.',
    input: UpdateMissionInputSchema,
    output: MissionSchema,
    mutates: true,
  }),
  get_mission: define({
    name: 'get_mission',
    title: 'Get mission',
    description: 'One mission (by id or name) with its principals and task counts.',
    input: GetMissionInputSchema,
    output: MissionSchema,
    mutates: false,
  }),
  list_missions: define({
    name: 'list_missions',
    title: 'List missions',
    description: 'Missions with status, owner, principals and task counts; optionally by status.',
    input: ListMissionsInputSchema,
    output: z.object({ missions: z.array(MissionSchema) }),
    mutates: false,
  }),
  create_sprint: define({
    name: 'create_sprint',
    title: 'Create sprint',
    description: 'Create a sprint: a time box (starts_at, ends_at) with a goal.',
    input: CreateSprintInputSchema,
    output: SprintSchema,
    mutates: true,
  }),
  update_sprint: define({
    name: 'update_sprint',
    title: 'Update sprint',
    description: 'Change a sprint (by id or name): name, goal, status (planned, active, closed), dates.',
    input: UpdateSprintInputSchema,
    output: SprintSchema,
    mutates: true,
  }),
  list_sprints: define({
    name: 'list_sprints',
    title: 'List sprints',
    description: 'Sprints with dates, goal, missions and task counts; optionally by status.',
    input: ListSprintsInputSchema,
    output: z.object({ sprints: z.array(SprintSchema) }),
    mutates: false,
  }),
  plan_task: define({
    name: 'plan_task',
    title: 'Plan task',
    description: 'Put a task into a mission and/or a sprint (by id or name); null takes it out.',
    input: PlanTaskInputSchema,
    output: TaskSchema,
    mutates: true,
  }),
  create_objective: define({
    name: 'create_objective',
    title: 'Create objective',
    description: 'Create an objective (optionally of a mission); returns its key such as O-1.',
    input: CreateObjectiveInputSchema,
    output: ObjectiveSchema,
    mutates: true,
  }),
  add_key_result: define({
    name: 'add_key_result',
    title: 'Add key result',
    description: 'Add a measurable key result to an objective: target, current value, unit. Returns its key (KR-1).',
    input: AddKeyResultInputSchema,
    output: KeyResultSchema,
    mutates: true,
  }),
  update_key_result: define({
    name: 'update_key_result',
    title: 'Update key result',
    description: 'Record the current value of a key result (or change its target, title, unit).',
    input: UpdateKeyResultInputSchema,
    output: KeyResultSchema,
    mutates: true,
  }),
  add_requirement: define({
    name: 'add_requirement',
    title: 'Add requirement',
    description: 'Add a requirement to a key result; link tasks to it with link_task. Returns its key (R-1).',
    input: AddRequirementInputSchema,
    output: RequirementSchema,
    mutates: true,
  }),
  link_task: define({
    name: 'link_task',
    title: 'Link task',
    description: 'Link a task to a requirement (many-to-many) so coverage counts it.',
    input: LinkTaskInputSchema,
    output: LinkTaskResultSchema,
    mutates: true,
  }),
  unlink_task: define({
    name: 'unlink_task',
    title: 'Unlink task',
    description: 'Remove the link between a task and a requirement.',
    input: LinkTaskInputSchema,
    output: LinkTaskResultSchema,
    mutates: true,
  }),
  get_coverage: define({
    name: 'get_coverage',
    title: 'Coverage report',
    description:
      'Per objective and key result: requirements, those without a task, tasks done, covered and done percentages; optionally for one mission.',
    input: GetCoverageInputSchema,
    output: CoverageReportSchema,
    mutates: false,
  }),
} as const;

export const POLICY_TOOLS = {
  list_policies: define({
    name: 'list_policies',
    title: 'List policies',
    description: 'The policies in force (from the policy file and the API) and the policy file status.',
    input: z.strictObject({}),
    output: PolicyListSchema,
    mutates: false,
  }),
  declare_policy: define({
    name: 'declare_policy',
    title: 'Declare policy',
    description: 'Add or replace an API-declared policy (humans only): kind, outcome (block, warn, escalate), scope, message.',
    input: DeclarePolicyInputSchema,
    output: PolicyEntrySchema,
    mutates: true,
  }),
  remove_policy: define({
    name: 'remove_policy',
    title: 'Remove policy',
    description: 'Remove an API-declared policy by name (humans only).',
    input: RemovePolicyInputSchema,
    output: z.object({ removed: z.boolean() }),
    mutates: true,
  }),
  list_approvals: define({
    name: 'list_approvals',
    title: 'List approvals',
    description: 'Changes escalated by policies, waiting for a human (status pending by default).',
    input: ListApprovalsInputSchema,
    output: z.object({ approvals: z.array(ApprovalSchema) }),
    mutates: false,
  }),
  approve_request: define({
    name: 'approve_request',
    title: 'Approve request',
    description: 'Approve an escalated change (humans only): it is re-checked and applied for its requester.',
    input: DecideApprovalInputSchema,
    output: ApprovalSchema,
    mutates: true,
  }),
  reject_request: define({
    name: 'reject_request',
    title: 'Reject request',
    description: 'Reject an escalated change (humans only); its requester is notified.',
    input: DecideApprovalInputSchema,
    output: ApprovalSchema,
    mutates: true,
  }),
  get_audit_trail: define({
    name: 'get_audit_trail',
    title: 'Audit trail',
    description: 'Policy evaluations that warned, blocked or escalated, newest first: who, what, policy, outcome, approver.',
    input: ListAuditInputSchema,
    output: z.object({ entries: z.array(AuditEntrySchema) }),
    mutates: false,
  }),
} as const;

export const TOOLSETS = { core: TOOLS, planning: PLANNING_TOOLS, policy: POLICY_TOOLS, knowledge: KNOWLEDGE_TOOLS, messages: MESSAGE_TOOLS, runs: RUN_TOOLS } as const;
export type ToolsetName = keyof typeof TOOLSETS;
export const TOOLSET_NAMES = Object.keys(TOOLSETS) as ToolsetName[];

/** Every tool of every toolset, by name. */
export const ALL_TOOLS = { ...TOOLS, ...PLANNING_TOOLS, ...POLICY_TOOLS, ...KNOWLEDGE_TOOLS, ...MESSAGE_TOOLS, ...RUN_TOOLS } as const;
export type AnyToolName = keyof typeof ALL_TOOLS;

/** `planning,policy` → the toolsets (core always included); `all` means every toolset. Unknown names are refused. */
export function parseToolsets(raw: string | null | undefined): { ok: true; toolsets: ToolsetName[] } | { ok: false; message: string } {
  const names = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.includes('all')) return { ok: true, toolsets: [...TOOLSET_NAMES] };
  const unknown = names.filter((n) => !Object.hasOwn(TOOLSETS, n));
  if (unknown.length > 0) return { ok: false, message: `unknown toolset ${unknown.join(', ')}; known: ${TOOLSET_NAMES.join(', ')}, all` };
  return { ok: true, toolsets: TOOLSET_NAMES.filter((n) => n === 'core' || names.includes(n)) };
}
