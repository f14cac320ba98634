/** Small schemas used across domains: ids, references, timestamps, capability names. */
import * as z from 'zod';
import { nameText } from './text.ts';
import { LIMITS } from './limits.ts';

export const UuidSchema = z.uuid({ error: 'expected a UUID' });

/** A task is referred to by its id (UUID) or its short human key (`T-42`); every input accepts either. */
export const TaskKeySchema = z.string().regex(/^T-[1-9][0-9]{0,9}$/, { error: 'expected a task key such as T-42' });
export const TaskRefSchema = z.union([UuidSchema, TaskKeySchema], { error: 'expected a task id (UUID) or key (T-42)' }).meta({
  description: 'key (T-42) or id',
});
export type TaskRef = z.infer<typeof TaskRefSchema>;

/** An agent is referred to by its id or, within its principal, by its name. */
export const AgentNameSchema = nameText()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(LIMITS.nameLength)
  .regex(/^[^\s/\\][^/\\]*$/, { error: 'must not start with a space or contain / or \\' });
export const AgentRefSchema = z.union([UuidSchema, AgentNameSchema]);
export type AgentRef = z.infer<typeof AgentRefSchema>;

export const CapabilitySchema = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.capabilityLength)
  .regex(/^[a-z0-9][a-z0-9_.:-]*$/, { error: 'capabilities are lower-case words such as coding or testing' });
export const CapabilitiesSchema = z.array(CapabilitySchema).max(LIMITS.capabilities);

/** Timestamps travel as ISO-8601 strings. */
export const TimestampSchema = z.iso.datetime({ offset: true });
