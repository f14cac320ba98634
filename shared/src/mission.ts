/**
 * Missions and sprints: the why and the when of tasks. A mission is a goal container that several
 * principals (agents and humans) take part in; a sprint is a time box with a goal. A task belongs to at
 * most one mission and at most one sprint; a sprint may hold tasks of several missions.
 */
import * as z from 'zod';
import { freeText } from './text.ts';
import { LIMITS } from './limits.ts';
import { AgentKindSchema } from './agent.ts';
import { TaskCountsSchema } from './board.ts';
import { AgentRefSchema, TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { MissionRefSchema, PlanNameSchema, SprintRefSchema } from './planning-refs.ts';

export const MISSION_STATUSES = ['active', 'paused', 'done', 'cancelled'] as const;
export const MissionStatusSchema = z.enum(MISSION_STATUSES, { error: `expected one of ${MISSION_STATUSES.join(', ')}` });
export type MissionStatus = z.infer<typeof MissionStatusSchema>;

const DescriptionSchema = freeText().max(LIMITS.descriptionLength);
const PrincipalsSchema = z.array(AgentRefSchema).max(100);

export const CreateMissionInputSchema = z.strictObject({
  name: PlanNameSchema,
  description: DescriptionSchema.default(''),
  status: MissionStatusSchema.default('active'),
  owner: AgentRefSchema.nullish(),
  /** The agents and humans taking part (the owner always does). */
  principals: PrincipalsSchema.default([]),
});
export type CreateMissionInput = z.input<typeof CreateMissionInputSchema>;

export const UpdateMissionInputSchema = z.strictObject({
  mission_id: MissionRefSchema,
  name: PlanNameSchema.optional(),
  description: DescriptionSchema.optional(),
  status: MissionStatusSchema.optional(),
  owner: AgentRefSchema.nullable().optional(),
  add_principals: PrincipalsSchema.optional(),
  remove_principals: PrincipalsSchema.optional(),
});
export type UpdateMissionInput = z.input<typeof UpdateMissionInputSchema>;

export const GetMissionInputSchema = z.strictObject({ mission_id: MissionRefSchema });
export type GetMissionInput = z.input<typeof GetMissionInputSchema>;

export const ListMissionsInputSchema = z.strictObject({ status: MissionStatusSchema.optional() });
export type ListMissionsInput = z.input<typeof ListMissionsInputSchema>;

export const MissionPrincipalSchema = z.object({ agent_id: UuidSchema, name: z.string(), kind: AgentKindSchema });
export type MissionPrincipal = z.infer<typeof MissionPrincipalSchema>;

export const MissionSchema = z.object({
  mission_id: UuidSchema,
  name: z.string(),
  description: z.string(),
  status: MissionStatusSchema,
  owner: UuidSchema.nullable(),
  principals: z.array(MissionPrincipalSchema),
  /** Its tasks by status. */
  tasks: TaskCountsSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Mission = z.infer<typeof MissionSchema>;

export const SPRINT_STATUSES = ['planned', 'active', 'closed'] as const;
export const SprintStatusSchema = z.enum(SPRINT_STATUSES, { error: `expected one of ${SPRINT_STATUSES.join(', ')}` });
export type SprintStatus = z.infer<typeof SprintStatusSchema>;

/** A day (`2026-11-02`, midnight UTC) or a full timestamp. */
const DateInputSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'expected a date such as 2026-11-02 or an ISO timestamp' });

const endsAfterStart = (value: { starts_at?: string | null | undefined; ends_at?: string | null | undefined }): boolean =>
  !value.starts_at || !value.ends_at || Date.parse(value.ends_at) >= Date.parse(value.starts_at);

export const CreateSprintInputSchema = z
  .strictObject({
    name: PlanNameSchema,
    goal: DescriptionSchema.default(''),
    status: SprintStatusSchema.default('planned'),
    starts_at: DateInputSchema.nullish(),
    ends_at: DateInputSchema.nullish(),
  })
  .refine(endsAfterStart, { error: 'must not be before starts_at', path: ['ends_at'] });
export type CreateSprintInput = z.input<typeof CreateSprintInputSchema>;

export const UpdateSprintInputSchema = z
  .strictObject({
    sprint_id: SprintRefSchema,
    name: PlanNameSchema.optional(),
    goal: DescriptionSchema.optional(),
    status: SprintStatusSchema.optional(),
    starts_at: DateInputSchema.nullable().optional(),
    ends_at: DateInputSchema.nullable().optional(),
  })
  .refine(endsAfterStart, { error: 'must not be before starts_at', path: ['ends_at'] });
export type UpdateSprintInput = z.input<typeof UpdateSprintInputSchema>;

export const GetSprintInputSchema = z.strictObject({ sprint_id: SprintRefSchema });
export type GetSprintInput = z.input<typeof GetSprintInputSchema>;

export const ListSprintsInputSchema = z.strictObject({ status: SprintStatusSchema.optional() });
export type ListSprintsInput = z.input<typeof ListSprintsInputSchema>;

export const SprintSchema = z.object({
  sprint_id: UuidSchema,
  name: z.string(),
  goal: z.string(),
  status: SprintStatusSchema,
  starts_at: TimestampSchema.nullable(),
  ends_at: TimestampSchema.nullable(),
  /** The missions its tasks belong to. */
  missions: z.array(UuidSchema),
  tasks: TaskCountsSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Sprint = z.infer<typeof SprintSchema>;

/** Moves a task into (or, with null, out of) a mission and/or a sprint; omitted fields stay as they are. */
export const PlanTaskInputSchema = z
  .strictObject({
    task_id: TaskRefSchema,
    mission_id: MissionRefSchema.nullable().optional(),
    sprint_id: SprintRefSchema.nullable().optional(),
  })
  .refine((v) => v.mission_id !== undefined || v.sprint_id !== undefined, { error: 'give mission_id and/or sprint_id (null removes)', path: ['mission_id'] });
export type PlanTaskInput = z.input<typeof PlanTaskInputSchema>;
