/**
 * Events: every state change, as one discriminated union. `id` is the position in the event stream,
 * strictly increasing without reuse; a subscriber resumes after the last id it saw.
 */
import { z } from 'zod';
import { AgentSchema, AgentStatusSchema } from './agent.ts';
import { TaskSchema, TaskStatusSchema } from './task.ts';
import { LockModeSchema, LockSchema } from './lock.ts';
import { TimestampSchema, UuidSchema } from './common.ts';

export const LOCK_RELEASE_REASONS = ['released', 'expired', 'task_finished', 'task_released', 'agent_offline'] as const;
export const LockReleaseReasonSchema = z.enum(LOCK_RELEASE_REASONS);
export type LockReleaseReason = z.infer<typeof LockReleaseReasonSchema>;

export const ReleasedLockSchema = z.object({
  lock_id: UuidSchema,
  path: z.string(),
  mode: LockModeSchema,
  held_by_id: UuidSchema,
  task_id: UuidSchema.nullable(),
});
export type ReleasedLock = z.infer<typeof ReleasedLockSchema>;

export const EventPayloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.registered'), agent: AgentSchema, resumed: z.boolean() }),
  z.object({
    type: z.literal('agent.status_changed'),
    agent_id: UuidSchema,
    name: z.string(),
    status: AgentStatusSchema,
    reason: z.string(),
  }),
  z.object({ type: z.literal('task.created'), task: TaskSchema }),
  z.object({ type: z.literal('task.claimed'), task: TaskSchema, agent_id: UuidSchema }),
  z.object({ type: z.literal('task.updated'), task: TaskSchema, previous_status: TaskStatusSchema }),
  z.object({ type: z.literal('task.released'), task: TaskSchema, previous_status: TaskStatusSchema, reason: z.string() }),
  z.object({ type: z.literal('lock.acquired'), locks: z.array(LockSchema) }),
  z.object({ type: z.literal('lock.released'), locks: z.array(ReleasedLockSchema), reason: LockReleaseReasonSchema }),
]);
export type EventPayload = z.infer<typeof EventPayloadSchema>;
export type EventType = EventPayload['type'];

export type CoordinatorEvent = EventPayload & { readonly id: number; readonly at: string };

/**
 * Sent on a subscription instead of events when the requested position is older than what is retained:
 * the client must reload its state (board, tasks, locks) and continue from `resume_from`.
 */
export const ResyncSignalSchema = z.object({
  type: z.literal('stream.resync'),
  id: z.number().int(),
  at: TimestampSchema,
  reason: z.string(),
  resume_from: z.number().int(),
});
export type ResyncSignal = z.infer<typeof ResyncSignalSchema>;
export type StreamMessage = CoordinatorEvent | ResyncSignal;

export const SubscribeEventsInputSchema = z.strictObject({
  /** Resume after this event id (tRPC passes the last tracked id here automatically on reconnect). */
  lastEventId: z.union([z.string().regex(/^[0-9]+$/), z.number().int().min(0)]).nullish(),
  types: z.array(z.string()).max(50).optional(),
});
export type SubscribeEventsInput = z.input<typeof SubscribeEventsInputSchema>;

export const ListEventsInputSchema = z.strictObject({
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
