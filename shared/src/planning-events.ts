/**
 * The events of the planning model, the policies and the approvals queue, joined into the one event
 * union in event.ts. Kept here so that union stays one list of imports.
 */
import * as z from 'zod';
import { MissionSchema, SprintSchema } from './mission.ts';
import { KeyResultSchema, ObjectiveSchema, RequirementSchema } from './planning.ts';
import { ApprovalSchema, PolicyEvaluationSchema, PolicyFileErrorSchema, PolicySourceSchema } from './policy.ts';
import { UuidSchema } from './common.ts';

export const PLANNING_EVENT_SCHEMAS = [
  z.object({ type: z.literal('mission.created'), mission: MissionSchema }),
  z.object({ type: z.literal('mission.updated'), mission: MissionSchema }),
  z.object({ type: z.literal('sprint.created'), sprint: SprintSchema }),
  z.object({ type: z.literal('sprint.updated'), sprint: SprintSchema }),
  z.object({ type: z.literal('objective.created'), objective: ObjectiveSchema }),
  z.object({ type: z.literal('key_result.created'), key_result: KeyResultSchema }),
  z.object({ type: z.literal('key_result.updated'), key_result: KeyResultSchema }),
  z.object({ type: z.literal('requirement.created'), requirement: RequirementSchema }),
  z.object({ type: z.literal('requirement.linked'), requirement: RequirementSchema, task_id: UuidSchema, linked: z.boolean() }),
  /** A policy warned, blocked or escalated a change (the audit trail's entry). */
  z.object({ type: z.literal('policy.evaluated'), evaluation: PolicyEvaluationSchema }),
  /** The set of policies in force changed: the file was (re)loaded, or one was declared or removed through the API. */
  z.object({ type: z.literal('policy.changed'), source: PolicySourceSchema, names: z.array(z.string()), reason: z.string() }),
  /** The policy file could not be used; the previous set stays in force. */
  z.object({ type: z.literal('policy.file_rejected'), path: z.string(), errors: z.array(PolicyFileErrorSchema) }),
  z.object({ type: z.literal('approval.requested'), approval: ApprovalSchema }),
  /** A human approved or rejected, or nobody did in time (expired); the requester (approval.requester_id) learns the outcome here. */
  z.object({ type: z.literal('approval.decided'), approval: ApprovalSchema }),
] as const;
