/**
 * The notification inbox and messages between principals (issue #15). Each agent — humans are agents of
 * kind human — has an inbox of notifications: someone asked for a lock it holds, an approval it asked for
 * was decided, a lock it waited for is free, a task was assigned to it, a dependency of its task is done,
 * a message to it. Unread until fetched (get_notifications marks them read); bounded per agent; pruned
 * with the event retention. A message goes to an agent, a task's thread (its claimant and assignee) or a
 * mission's principals, or answers a thread; every message belongs to a thread (docs/notifications.md).
 */
import * as z from 'zod';
import { freeText } from './text.ts';
import { AgentRefSchema, TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { MissionRefSchema } from './planning-refs.ts';

export const NOTIFICATION_KINDS = ['release_requested', 'approval_decided', 'lock_free', 'task_assigned', 'dependency_done', 'message'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS, { error: `expected one of ${NOTIFICATION_KINDS.join(', ')}` });
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

export const INBOX_LIMITS = {
  /** Characters in one message body. */
  messageLength: 4_000,
  /** Notifications kept per agent: the oldest beyond this go, read or not. */
  perAgent: 200,
  /** The one-line summary each notification carries (and the event log shows). */
  summaryLength: 200,
  /** The unread line appended to MCP tool results and printed by the Claude Code hooks. */
  digestLength: 300,
  /** Messages one sender may send per window (rate-limited, all replicas together). */
  messagesPerWindow: 30,
  messageWindowSeconds: 60,
  /** Notifications one get_notifications call returns at most. */
  pageSize: 200,
  /** Messages one get_thread call returns at most (the newest; older ones are counted in `earlier`). */
  threadPage: 500,
} as const;

export const NotificationSchema = z.object({
  notification_id: UuidSchema,
  kind: NotificationKindSchema,
  /** One line: "release requested for src/a.ts by bob". */
  summary: z.string(),
  /** Who caused it (a message's sender, the asker of a release, the decider of an approval); null for the coordinator. */
  sender: z.string().nullable(),
  sender_id: UuidSchema.nullable(),
  /** The thread to answer in (send_message reply_to), for messages and release requests. */
  thread_id: UuidSchema.nullable(),
  /** A message's text (or a release request's note). */
  body: z.string().nullable(),
  /** Kind-specific details: paths, task key, approval id, … */
  details: z.record(z.string(), z.unknown()),
  created_at: TimestampSchema,
  read_at: TimestampSchema.nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const GetNotificationsInputSchema = z.strictObject({
  agent_id: AgentRefSchema.optional(),
  /** Also the ones already read (newest first). */
  all: z.boolean().default(false),
  limit: z.number().int().min(1).max(INBOX_LIMITS.pageSize).default(50),
});
export type GetNotificationsInput = z.input<typeof GetNotificationsInputSchema>;

export const GetNotificationsResultSchema = z.object({
  /** Oldest first; every one returned is now read. */
  notifications: z.array(NotificationSchema),
  /** Unread ones left after this call (more than `limit` were waiting). */
  unread_left: z.number().int(),
});
export type GetNotificationsResult = z.infer<typeof GetNotificationsResultSchema>;

/** A message's body: free text (newlines welcome, NUL refused), not empty, bounded. */
export const MessageBodySchema = freeText().trim().min(1, { error: 'must not be empty: write the message' }).max(INBOX_LIMITS.messageLength);

/** Exactly one of to, task_id, mission_id, reply_to says where the message goes (checked by the service, naming the fields). */
export const SendMessageInputSchema = z.strictObject({
  body: MessageBodySchema,
  to: AgentRefSchema.optional().describe('an agent (name or id)'),
  task_id: TaskRefSchema.optional(),
  mission_id: MissionRefSchema.optional(),
  reply_to: UuidSchema.optional().describe('thread_id to answer'),
  agent_id: AgentRefSchema.optional(),
});
export type SendMessageInput = z.input<typeof SendMessageInputSchema>;

export const SendMessageResultSchema = z.object({
  message_id: UuidSchema,
  thread_id: UuidSchema,
  recipients: z.array(z.object({ agent_id: UuidSchema, name: z.string() })),
});
export type SendMessageResult = z.infer<typeof SendMessageResultSchema>;

/** Reading a thread whole: any participant may, naming the thread (or any message in it). */
export const GetThreadInputSchema = z.strictObject({
  thread_id: UuidSchema.describe('a thread_id, or the message_id of any message in it'),
  limit: z.number().int().min(1).max(INBOX_LIMITS.threadPage).default(200).describe('the newest messages to return'),
  agent_id: AgentRefSchema.optional(),
});
export type GetThreadInput = z.input<typeof GetThreadInputSchema>;

export const ThreadMessageSchema = z.object({
  message_id: UuidSchema,
  sender_id: UuidSchema,
  sender: z.string(),
  body: z.string(),
  created_at: TimestampSchema,
});
export type ThreadMessage = z.infer<typeof ThreadMessageSchema>;

export const GetThreadResultSchema = z.object({
  thread_id: UuidSchema,
  /** The task or mission the thread is about, when it was started on one. */
  task_id: UuidSchema.nullable(),
  mission_id: UuidSchema.nullable(),
  participants: z.array(z.object({ agent_id: UuidSchema, name: z.string() })),
  /** Oldest first. */
  messages: z.array(ThreadMessageSchema),
  /** Older messages left out by `limit`. */
  earlier: z.number().int(),
});
export type GetThreadResult = z.infer<typeof GetThreadResultSchema>;

/** The events the inbox records: one per notification, in the recipient's project (bodies stay in the inbox). */
export const INBOX_EVENT_SCHEMAS = [
  z.object({
    type: z.literal('inbox.notified'),
    notification_id: UuidSchema,
    recipient_id: UuidSchema,
    kind: NotificationKindSchema,
    summary: z.string(),
    sender: z.string().nullable(),
    thread_id: UuidSchema.nullable(),
  }),
] as const;
