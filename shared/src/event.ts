/**
 * Events: every state change, as one discriminated union. `id` is the position in the event stream,
 * strictly increasing without reuse; a subscriber resumes after the last id it saw.
 */
import * as z from 'zod';
import { AgentKindSchema, AgentSchema, AgentStatusSchema } from './agent.ts';
import { TaskSchema, TaskStatusSchema } from './task.ts';
import { LockConflictSchema, LockModeSchema, LockSchema } from './lock.ts';
import { TimestampSchema, UuidSchema } from './common.ts';
import { BoardSchema } from './board.ts';
import { PLANNING_EVENT_SCHEMAS } from './planning-events.ts';
import { KNOWLEDGE_EVENT_SCHEMAS } from './knowledge.ts';
import { ADAPTER_EVENT_SCHEMAS } from './adapter.ts';
import { INBOX_EVENT_SCHEMAS } from './inbox.ts';

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

/** One lease a heartbeat renewed: the lock and its new expiry (each lock keeps its own `ttl_seconds`). */
export const RenewedLeaseSchema = z.object({ lock_id: UuidSchema, expires_at: TimestampSchema });
export type RenewedLease = z.infer<typeof RenewedLeaseSchema>;

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
  /**
   * A heartbeat (or a resumed registration) renewed the agent's leases: one event per agent and heartbeat,
   * and none when it holds no live lock, so clients' expiry times stay current at the cost of one event
   * per heartbeating lock holder. `last_heartbeat_at` is the heartbeat's time, the base of every new expiry.
   */
  z.object({ type: z.literal('locks.renewed'), agent_id: UuidSchema, last_heartbeat_at: TimestampSchema, locks: z.array(RenewedLeaseSchema) }),
  /**
   * Paths an agent asked about (check_files notify_when_free) are free: addressed to that agent, once.
   * The hook point for the notification inbox ("a lock you waited for is free").
   */
  z.object({ type: z.literal('lock.free'), agent_id: UuidSchema, paths: z.array(z.string()) }),
  z.object({
    type: z.literal('lock.release_requested'),
    paths: z.array(z.string()),
    holder: z.string(),
    holder_id: UuidSchema,
    requested_by: z.string(),
    requested_by_id: UuidSchema,
    message: z.string().nullable(),
  }),
  // The guard's audit trail (guard.ts): a write the hook refused, a deliberate bypass of the git guard,
  // a commit seen touching files others hold (post-commit report; also what `--no-verify` leaves).
  z.object({ type: z.literal('lock.write_refused'), agent_id: UuidSchema, agent_name: z.string(), tool: z.string().nullable(), conflicts: z.array(LockConflictSchema) }),
  z.object({
    type: z.literal('guard.bypassed'),
    hook: z.enum(['pre-commit', 'pre-push']),
    agent_id: UuidSchema.nullable(),
    agent_name: z.string().nullable(),
    git_user: z.string().nullable(),
    conflicts: z.array(LockConflictSchema),
  }),
  z.object({
    type: z.literal('guard.commit_touched_locked'),
    commit: z.string(),
    agent_id: UuidSchema.nullable(),
    agent_name: z.string().nullable(),
    git_user: z.string().nullable(),
    conflicts: z.array(LockConflictSchema),
  }),
  /** An admin acted as an agent that is not theirs (forcing a release, completing for it): the audit trail. */
  z.object({ type: z.literal('audit.admin_override'), account: z.string(), agent_id: UuidSchema, agent_name: z.string(), operation: z.string() }),
  /**
   * An agent's kind or capabilities changed (its standing under policies): who changed it (an account,
   * `local`), through which operation, from what to what. Never by the agent's own token.
   */
  z.object({
    type: z.literal('audit.agent_standing_changed'),
    account: z.string(),
    agent_id: UuidSchema,
    agent_name: z.string(),
    operation: z.string(),
    previous_kind: AgentKindSchema,
    kind: AgentKindSchema,
    previous_capabilities: z.array(z.string()),
    capabilities: z.array(z.string()),
  }),
  ...PLANNING_EVENT_SCHEMAS,
  ...KNOWLEDGE_EVENT_SCHEMAS,
  ...ADAPTER_EVENT_SCHEMAS,
  ...INBOX_EVENT_SCHEMAS,
]);
export type EventPayload = z.infer<typeof EventPayloadSchema>;
export type EventType = EventPayload['type'];

/** An event as delivered: numbered, timed, and in a project (null for server-wide notices every project sees). */
export type CoordinatorEvent = EventPayload & { readonly id: number; readonly at: string; readonly project?: string | null };

/**
 * The whole state a client rebuilds from after a resync, read in one database snapshot together with
 * `as_of` (the last event id it reflects). It may already contain changes whose events come after
 * `as_of`: events carry whole objects, so applying them again is harmless.
 */
export const StateSnapshotSchema = z.object({
  as_of: z.number().int(),
  board: BoardSchema,
  locks: z.array(LockSchema),
  active_tasks: z.array(TaskSchema),
});
export type StateSnapshot = z.infer<typeof StateSnapshotSchema>;

/**
 * Sent on a subscription instead of events when the requested position is older than what is retained
 * (or the subscriber fell too far behind): never a silent gap. `snapshot` is the state to reload, as of
 * `resume_from`; the stream continues with the events after it.
 */
export const ResyncSignalSchema = z.object({
  type: z.literal('stream.resync'),
  id: z.number().int(),
  at: TimestampSchema,
  reason: z.string(),
  resume_from: z.number().int(),
  snapshot: StateSnapshotSchema.optional(),
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
