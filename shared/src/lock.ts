/** File locks: exclusive or shared leases on repository paths or globs, renewed by the holder's heartbeat. */
import * as z from 'zod';
import { freeText } from './text.ts';
import { LIMITS } from './limits.ts';
import { AgentRefSchema, TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { RepoPathListSchema } from './path.ts';
import { ContentHashesSchema, ForeignWriteSchema } from './content-hash.ts';
import { PendingApprovalSchema, WarningsSchema } from './policy-outcome.ts';

export const LOCK_MODES = ['exclusive', 'shared'] as const;
export const LockModeSchema = z.enum(LOCK_MODES, { error: 'expected exclusive or shared' });
export type LockMode = z.infer<typeof LockModeSchema>;

export const DEFAULT_LOCK_TTL_SECONDS = 300;

export const LockFilesInputSchema = z.strictObject({
  paths: RepoPathListSchema.refine((p) => p.length > 0, { error: 'give at least one path or glob' }),
  mode: LockModeSchema.default('exclusive'),
  ttl_seconds: z.number().int().min(LIMITS.ttlSecondsMin).max(LIMITS.ttlSecondsMax).default(DEFAULT_LOCK_TTL_SECONDS),
  reason: freeText().max(LIMITS.noteLength).optional(),
  task_id: TaskRefSchema.optional(),
  agent_id: AgentRefSchema.optional(),
  /** Each file's content hash as you read it: later checks report it if another agent changes it (guard.ts). */
  content_hashes: ContentHashesSchema.optional().describe('path → SHA-256 (hex) of each file as you read it; check_files then reports changes by others'),
  /** On a conflict, wait up to this long in a first-come queue per path (docs/waiting-for-locks.md). */
  wait_seconds: z
    .number({ error: 'wait_seconds must be a whole number of seconds, 0 to 300' })
    .int({ error: 'wait_seconds must be a whole number of seconds, 0 to 300' })
    .min(0, { error: 'wait_seconds must be 0 (do not wait) or more' })
    .max(LIMITS.lockWaitSecondsMax, { error: `wait_seconds is at most ${LIMITS.lockWaitSecondsMax}: wait again after a timeout` })
    .default(0),
});
export type LockFilesInput = z.input<typeof LockFilesInputSchema>;

export const LockSchema = z.object({
  lock_id: UuidSchema,
  path: z.string(),
  mode: LockModeSchema,
  held_by: z.string(),
  held_by_id: UuidSchema,
  task_id: UuidSchema.nullable(),
  task_key: z.string().nullable(),
  reason: z.string().nullable(),
  acquired_at: TimestampSchema,
  expires_at: TimestampSchema,
  /** Increases with every grant; a later holder of an overlapping path always has a larger token. */
  fencing_token: z.number().int(),
});
export type Lock = z.infer<typeof LockSchema>;

export const LockConflictSchema = z.object({
  /** The path that was asked for. */
  path: z.string(),
  /** The held path or glob it overlaps. */
  held_path: z.string(),
  mode: LockModeSchema,
  held_by: z.string(),
  held_by_id: UuidSchema,
  task_id: UuidSchema.nullable(),
  task_key: z.string().nullable(),
  expires_at: TimestampSchema,
  /** Not a held lock: an earlier request waiting for the path (first come, first served); expires_at is its deadline. */
  queued: z.literal(true).optional(),
});
export type LockConflict = z.infer<typeof LockConflictSchema>;

export const LockFilesResultSchema = z.object({
  granted: z.boolean(),
  locks: z.array(LockSchema),
  conflicts: z.array(LockConflictSchema),
  warnings: WarningsSchema.optional(),
  /** Set when a policy escalated the request: nothing was locked; a human decides. */
  pending_approval: PendingApprovalSchema.optional(),
  /** With wait_seconds: how long the request waited (granted, or not granted when the wait ran out). */
  waited_ms: z.number().int().optional(),
});
export type LockFilesResult = z.infer<typeof LockFilesResultSchema>;

export const ReleaseFilesInputSchema = z.strictObject({
  paths: RepoPathListSchema.refine((p) => p.length > 0, { error: 'give at least one path or glob' }),
  agent_id: AgentRefSchema.optional(),
});
export type ReleaseFilesInput = z.input<typeof ReleaseFilesInputSchema>;
export const ReleaseFilesResultSchema = z.object({ released: z.array(z.string()), not_held: z.array(z.string()) });
export type ReleaseFilesResult = z.infer<typeof ReleaseFilesResultSchema>;

export const CheckFilesInputSchema = z.strictObject({
  paths: RepoPathListSchema.refine((p) => p.length > 0, { error: 'give at least one path or glob' }),
  /** With content_hashes (your files as they are now): report files another agent changed since you last saw them. */
  agent_id: AgentRefSchema.optional(),
  content_hashes: ContentHashesSchema.optional().describe('path → SHA-256 (hex) of your copy now: files another agent changed since you read them get changed_since_lock'),
  /** For the locked paths: emit lock.free to you (agent_id) once each is free. */
  notify_when_free: z.boolean().optional(),
});
export type CheckFilesInput = z.input<typeof CheckFilesInputSchema>;

export const FileStatusSchema = z.object({
  path: z.string(),
  locked: z.boolean(),
  mode: LockModeSchema.optional(),
  held_by: z.string().optional(),
  held_by_id: UuidSchema.optional(),
  task_id: UuidSchema.nullable().optional(),
  task_key: z.string().nullable().optional(),
  expires_at: TimestampSchema.optional(),
  /** Every live lock that overlaps the path (several when shared). */
  locks: z.array(LockSchema),
  /** Another agent changed the file after you last saw it (only with agent_id and content_hashes). */
  changed_since_lock: ForeignWriteSchema.optional(),
});
export type FileStatus = z.infer<typeof FileStatusSchema>;
export const CheckFilesResultSchema = z.object({
  files: z.array(FileStatusSchema),
  /** With notify_when_free: the locked paths you will hear about (a lock.free event) when they are free. */
  notify_when_free: z.array(z.string()).optional(),
});
export type CheckFilesResult = z.infer<typeof CheckFilesResultSchema>;

export const ListLocksInputSchema = z.strictObject({ agent_id: AgentRefSchema.optional() });
export type ListLocksInput = z.input<typeof ListLocksInputSchema>;

/** Asking the holders of paths to release them: the coordinator tells each holder; it does not force. */
export const RequestReleaseInputSchema = z.strictObject({
  paths: RepoPathListSchema.refine((p) => p.length > 0, { error: 'give at least one path or glob' }),
  message: freeText().max(LIMITS.noteLength).optional(),
  agent_id: AgentRefSchema.optional(),
});
export type RequestReleaseInput = z.input<typeof RequestReleaseInputSchema>;
export const RequestReleaseResultSchema = z.object({
  /** One entry per holder that was asked, with the held paths that overlap the request. */
  requested: z.array(z.object({ holder: z.string(), holder_id: UuidSchema, paths: z.array(z.string()) })),
});
export type RequestReleaseResult = z.infer<typeof RequestReleaseResultSchema>;
