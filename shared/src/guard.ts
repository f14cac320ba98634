/**
 * Making locks hold where the damage happens: at the edit (the Claude Code hook asks `verify_write`
 * before a file is written and reports the result after), at the commit (the git hooks ask
 * `check_commit` and report with `report_commit`), and for a stale holder (fencing tokens).
 *
 * - **Fencing.** Every grant carries a token from one increasing sequence; a renewal of one's own lock
 *   keeps it. A write or task change made "under" a token is refused once that lock is no longer the
 *   caller's live lock (expired, released, re-granted): "your lease … expired at …, re-acquire".
 * - **Stale base.** The coordinator remembers, per agent and path, the content hash the agent last saw
 *   (given when it locked or checked the file, or recorded by its hook before and after each write), and
 *   per path the last write it was told about. A file whose current hash differs from the caller's base
 *   *and* whose last recorded write is another agent's, made after that base, is reported as
 *   `changed_since_read`: the agent is about to overwrite work it never saw. Changes nobody reported
 *   (an editor, a script without the hook) are not attributed and not reported.
 * - **Repository identity.** One coordinator serves one repository. Clients that know it send the root
 *   commit (`git rev-list --max-parents=0 HEAD`, the smallest when there are several): the same in every
 *   worktree and on every branch, so worktrees share one namespace of repository-relative paths. The
 *   first identity seen is stored; a different one is refused.
 */
import * as z from 'zod';
import { nameText } from './text.ts';
import { AgentKindSchema } from './agent.ts';
import { AgentRefSchema, UuidSchema } from './common.ts';
import { ContentHashesSchema, ForeignWriteSchema } from './content-hash.ts';
import { LIMITS } from './limits.ts';
import { LockConflictSchema, LockSchema } from './lock.ts';
import { RepoPathListSchema, RepoPathSchema } from './path.ts';

export const RepositoryIdentitySchema = z.strictObject({
  /** The root commit's hash (the smallest, when the history has several roots). */
  root_commit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, { error: 'expected a commit hash (40 or 64 hex digits)' }),
});
export type RepositoryIdentity = z.infer<typeof RepositoryIdentitySchema>;

export const FencingTokenSchema = z.number().int().min(1);

export const VerifyWriteInputSchema = z.strictObject({
  agent_id: AgentRefSchema.optional(),
  /** Registers the agent with this kind when the name is unknown (hooks act as agents nobody registered). */
  register_kind: AgentKindSchema.optional(),
  paths: RepoPathListSchema.refine((p) => p.length > 0, { error: 'give at least one path' }),
  /** The lock you write under: refused if it is no longer your live lock. */
  fencing_token: FencingTokenSchema.optional(),
  /** The files as they are now, before your write: checked against what you last saw. */
  content_hashes: ContentHashesSchema.optional(),
  /** Lock the free paths for you (exclusive), and extend your own locks on them, for `lease_seconds`. */
  auto_lock: z.boolean().default(false),
  lease_seconds: z.number().int().min(LIMITS.ttlSecondsMin).max(LIMITS.ttlSecondsMax).default(120),
  repository: RepositoryIdentitySchema.optional(),
  /** What is about to write (`Edit`, `Bash`), for the audit trail. */
  tool: nameText().max(100).optional(),
});
export type VerifyWriteInput = z.input<typeof VerifyWriteInputSchema>;

export const WRITE_VERDICTS = ['yours', 'locked_for_you', 'free', 'held_by_other', 'changed_since_read', 'lease_lost'] as const;
export const WriteVerdictSchema = z.enum(WRITE_VERDICTS);
export type WriteVerdict = z.infer<typeof WriteVerdictSchema>;

export const WriteCheckSchema = z.object({
  path: z.string(),
  verdict: WriteVerdictSchema,
  /** held_by_other: every other agent's exclusive lock that overlaps the path. */
  conflicts: z.array(LockConflictSchema),
  /** changed_since_read: who changed it after you last saw it. */
  changed: ForeignWriteSchema.optional(),
});
export type WriteCheck = z.infer<typeof WriteCheckSchema>;

export const VerifyWriteResultSchema = z.object({
  allowed: z.boolean(),
  agent_id: UuidSchema,
  agent_name: z.string(),
  files: z.array(WriteCheckSchema),
  /** Locks taken or extended for you (auto_lock). */
  locks: z.array(LockSchema),
  /** lease_lost: why the fencing token no longer holds. */
  lease: z.string().optional(),
});
export type VerifyWriteResult = z.infer<typeof VerifyWriteResultSchema>;

export const ReportWriteInputSchema = z.strictObject({
  agent_id: AgentRefSchema.optional(),
  /** The files as your write left them. */
  content_hashes: ContentHashesSchema,
  fencing_token: FencingTokenSchema.optional(),
  repository: RepositoryIdentitySchema.optional(),
});
export type ReportWriteInput = z.input<typeof ReportWriteInputSchema>;
export const ReportWriteResultSchema = z.object({ recorded: z.number().int() });
export type ReportWriteResult = z.infer<typeof ReportWriteResultSchema>;

/** A commit or push touches more files than one lock request may name. */
export const COMMIT_PATHS_MAX = 5_000;
export const CommitPathListSchema = z
  .array(RepoPathSchema)
  .max(COMMIT_PATHS_MAX)
  .transform((paths) => [...new Set(paths)]);

export const GIT_HOOKS = ['pre-commit', 'pre-push', 'post-commit'] as const;
export const GitHookSchema = z.enum(GIT_HOOKS);
export type GitHook = z.infer<typeof GitHookSchema>;

export const CheckCommitInputSchema = z.strictObject({
  /** Who commits, when an agent does: its own locks do not block it. Absent: every agent's lock does. */
  agent_id: AgentRefSchema.optional(),
  hook: z.enum(['pre-commit', 'pre-push']),
  paths: CommitPathListSchema,
  /** AGENT_COORDINATOR_BYPASS=1: not refused, but recorded (`guard.bypassed`). */
  bypass: z.boolean().default(false),
  /** git user.name, for the audit trail. */
  git_user: nameText().max(200).optional(),
  repository: RepositoryIdentitySchema.optional(),
});
export type CheckCommitInput = z.input<typeof CheckCommitInputSchema>;

export const CheckCommitResultSchema = z.object({
  /** One entry per (path, lock): every file the commit touches that another agent holds exclusively. */
  blocked: z.array(LockConflictSchema),
  bypassed: z.boolean(),
});
export type CheckCommitResult = z.infer<typeof CheckCommitResultSchema>;

export const ReportCommitInputSchema = z.strictObject({
  agent_id: AgentRefSchema.optional(),
  commit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, { error: 'expected a commit hash' }),
  paths: CommitPathListSchema,
  git_user: nameText().max(200).optional(),
  repository: RepositoryIdentitySchema.optional(),
});
export type ReportCommitInput = z.input<typeof ReportCommitInputSchema>;
export const ReportCommitResultSchema = z.object({ touched: z.array(LockConflictSchema) });
export type ReportCommitResult = z.infer<typeof ReportCommitResultSchema>;
