/**
 * Traceability: objectives → key results → requirements → tasks. Key results are measurable (target,
 * current value, unit); requirements link to tasks many-to-many. The coverage report says, for each
 * objective and key result, which requirements have no task yet and how much of the linked work is done.
 *
 * Coverage arithmetic (the same at every level, so the numbers add up the way a reader expects):
 * cancelled tasks do not count. A requirement is *covered* when at least one counted task is linked to
 * it; its progress is done tasks / counted tasks (0 when it has none). `covered_percent` is the share of
 * covered requirements and `done_percent` the mean progress of the requirements below that level, each
 * requirement weighing the same. Percentages have one decimal.
 */
import * as z from 'zod';
import { freeText, nameText } from './text.ts';
import { LIMITS } from './limits.ts';
import { TaskStatusSchema } from './task.ts';
import { TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { KeyResultRefSchema, MissionRefSchema, ObjectiveRefSchema, RequirementRefSchema } from './planning-refs.ts';

const TitleSchema = freeText().trim().min(1, { error: 'must not be empty' }).max(LIMITS.titleLength);
const DescriptionSchema = freeText().max(LIMITS.descriptionLength);
const MeasureSchema = z.number({ error: 'expected a number' }).finite();
const UnitSchema = nameText().trim().max(20);

export const CreateObjectiveInputSchema = z.strictObject({
  title: TitleSchema,
  description: DescriptionSchema.default(''),
  mission_id: MissionRefSchema.nullish(),
});
export type CreateObjectiveInput = z.input<typeof CreateObjectiveInputSchema>;

export const ObjectiveSchema = z.object({
  objective_id: UuidSchema,
  key: z.string(),
  title: z.string(),
  description: z.string(),
  mission_id: UuidSchema.nullable(),
  created_at: TimestampSchema,
});
export type Objective = z.infer<typeof ObjectiveSchema>;

export const AddKeyResultInputSchema = z.strictObject({
  objective_id: ObjectiveRefSchema,
  title: TitleSchema,
  target: MeasureSchema,
  current: MeasureSchema.default(0),
  unit: UnitSchema.default(''),
});
export type AddKeyResultInput = z.input<typeof AddKeyResultInputSchema>;

export const UpdateKeyResultInputSchema = z
  .strictObject({
    key_result_id: KeyResultRefSchema,
    title: TitleSchema.optional(),
    target: MeasureSchema.optional(),
    current: MeasureSchema.optional(),
    unit: UnitSchema.optional(),
  })
  .refine((v) => v.title !== undefined || v.target !== undefined || v.current !== undefined || v.unit !== undefined, {
    error: 'nothing to change: give current, target, title or unit',
    path: ['current'],
  });
export type UpdateKeyResultInput = z.input<typeof UpdateKeyResultInputSchema>;

export const KeyResultSchema = z.object({
  key_result_id: UuidSchema,
  key: z.string(),
  objective_id: UuidSchema,
  title: z.string(),
  target: z.number(),
  current: z.number(),
  unit: z.string(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type KeyResult = z.infer<typeof KeyResultSchema>;

export const AddRequirementInputSchema = z.strictObject({
  key_result_id: KeyResultRefSchema,
  title: TitleSchema,
  description: DescriptionSchema.default(''),
});
export type AddRequirementInput = z.input<typeof AddRequirementInputSchema>;

export const RequirementSchema = z.object({
  requirement_id: UuidSchema,
  key: z.string(),
  key_result_id: UuidSchema,
  title: z.string(),
  description: z.string(),
  /** The tasks linked to it. */
  task_ids: z.array(UuidSchema),
  created_at: TimestampSchema,
});
export type Requirement = z.infer<typeof RequirementSchema>;

export const LinkTaskInputSchema = z.strictObject({ requirement_id: RequirementRefSchema, task_id: TaskRefSchema });
export type LinkTaskInput = z.input<typeof LinkTaskInputSchema>;

export const LinkTaskResultSchema = z.object({
  requirement_id: UuidSchema,
  requirement_key: z.string(),
  task_id: UuidSchema,
  task_key: z.string(),
  /** False when nothing changed (already linked, or not linked when unlinking). */
  changed: z.boolean(),
});
export type LinkTaskResult = z.infer<typeof LinkTaskResultSchema>;

export const GetCoverageInputSchema = z.strictObject({
  /** Only the objectives of this mission (by id or name). */
  mission_id: MissionRefSchema.optional(),
});
export type GetCoverageInput = z.input<typeof GetCoverageInputSchema>;

const PercentSchema = z.number().min(0).max(100);

export const CoverageStatsSchema = z.object({
  requirement_count: z.number().int(),
  /** Requirements with no (non-cancelled) task. */
  uncovered_count: z.number().int(),
  /** Distinct non-cancelled tasks linked below this level. */
  task_count: z.number().int(),
  done_count: z.number().int(),
  covered_percent: PercentSchema,
  done_percent: PercentSchema,
});
export type CoverageStats = z.infer<typeof CoverageStatsSchema>;

export const CoverageTaskSchema = z.object({ task_id: UuidSchema, key: z.string(), title: z.string(), status: TaskStatusSchema });
export type CoverageTask = z.infer<typeof CoverageTaskSchema>;

export const RequirementCoverageSchema = z.object({
  requirement_id: UuidSchema,
  key: z.string(),
  title: z.string(),
  /** Every linked task, cancelled ones included (they do not count). */
  tasks: z.array(CoverageTaskSchema),
  task_count: z.number().int(),
  done_count: z.number().int(),
  covered: z.boolean(),
  progress_percent: PercentSchema,
});
export type RequirementCoverage = z.infer<typeof RequirementCoverageSchema>;

export const KeyResultCoverageSchema = CoverageStatsSchema.extend({
  key_result_id: UuidSchema,
  key: z.string(),
  title: z.string(),
  target: z.number(),
  current: z.number(),
  unit: z.string(),
  /** current / target, within 0–100 (0 when the target is 0). */
  measured_percent: PercentSchema,
  requirements: z.array(RequirementCoverageSchema),
  /** Keys of its requirements that have no task. */
  uncovered: z.array(z.string()),
});
export type KeyResultCoverage = z.infer<typeof KeyResultCoverageSchema>;

export const ObjectiveCoverageSchema = CoverageStatsSchema.extend({
  objective_id: UuidSchema,
  key: z.string(),
  title: z.string(),
  mission_id: UuidSchema.nullable(),
  key_results: z.array(KeyResultCoverageSchema),
  uncovered: z.array(z.string()),
});
export type ObjectiveCoverage = z.infer<typeof ObjectiveCoverageSchema>;

export const CoverageReportSchema = z.object({
  mission_id: UuidSchema.nullable(),
  objectives: z.array(ObjectiveCoverageSchema),
  totals: CoverageStatsSchema.extend({ objective_count: z.number().int(), key_result_count: z.number().int() }),
  generated_at: TimestampSchema,
});
export type CoverageReport = z.infer<typeof CoverageReportSchema>;
