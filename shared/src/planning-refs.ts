/**
 * References to the planning model, accepted wherever one is named: a mission or sprint by its id or
 * its name, an objective, key result or requirement by its id or its short key (`O-3`, `KR-7`, `R-12`).
 * Kept apart from the planning schemas so the task contract can name missions and sprints without
 * importing them.
 */
import * as z from 'zod';
import { nameText } from './text.ts';
import { LIMITS } from './limits.ts';
import { UuidSchema } from './common.ts';

/** Mission and sprint names: free text on one line, unique among missions (sprints). */
export const PlanNameSchema = nameText()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(LIMITS.nameLength)
  .regex(/^[^\n\r]+$/, { error: 'must fit on one line' });

export const MissionRefSchema = z.union([UuidSchema, PlanNameSchema], { error: 'expected a mission id (UUID) or name' }).meta({ description: 'name or id' });
export type MissionRef = z.infer<typeof MissionRefSchema>;
export const SprintRefSchema = z.union([UuidSchema, PlanNameSchema], { error: 'expected a sprint id (UUID) or name' }).meta({ description: 'name or id' });
export type SprintRef = z.infer<typeof SprintRefSchema>;

const keyed = (prefix: string, what: string) =>
  z.union([UuidSchema, z.string().regex(new RegExp(`^${prefix}-[1-9][0-9]{0,9}$`))], { error: `expected ${what} id (UUID) or key such as ${prefix}-1` }).meta({
    description: `key (${prefix}-1) or id`,
  });

export const ObjectiveRefSchema = keyed('O', 'an objective');
export const KeyResultRefSchema = keyed('KR', 'a key result');
export const RequirementRefSchema = keyed('R', 'a requirement');
