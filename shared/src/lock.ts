/** File locks: exclusive or shared leases on repository paths or globs, renewed by the holder's heartbeat. */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { AgentRefSchema, TaskRefSchema, TimestampSchema, UuidSchema } from './common.ts';
import { RepoPathListSchema } from './path.ts';

export const LOCK_MODES = ['exclusive', 'shared'] as const;
export const LockModeSchema = z.enum(LOCK_MODES, { error: 'expected exclusive or shared' });
export type LockMode = z.infer<typeof LockModeSchema>;

export const DEFAULT_LOCK_TTL_SECONDS = 300;

export const LockFilesInputSchema = z.strictObject({
  paths: RepoPathListSchema.refine((p) => p.length > 0, { error: 'give at least one path or glob' }),
  mode: LockModeSchema.default('exclusive'),
  ttl_seconds: z.number().int().min(LIMITS.ttlSecondsMin).max(LIMITS.ttlSecondsMax).default(DEFAULT_LOCK_TTL_SECONDS),
  reason: z.string().max(LIMITS.noteLength).optional(),
  task_id: TaskRefSchema.optional(),
  agent_id: AgentRefSchema.optional(),
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
});
export type LockConflict = z.infer<typeof LockConflictSchema>;

export const LockFilesResultSchema = z.object({
  granted: z.boolean(),
  locks: z.array(LockSchema),
  conflicts: z.array(LockConflictSchema),
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
});
export type FileStatus = z.infer<typeof FileStatusSchema>;
export const CheckFilesResultSchema = z.object({ files: z.array(FileStatusSchema) });
export type CheckFilesResult = z.infer<typeof CheckFilesResultSchema>;

export const ListLocksInputSchema = z.strictObject({ agent_id: AgentRefSchema.optional() });
export type ListLocksInput = z.input<typeof ListLocksInputSchema>;
