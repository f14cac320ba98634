/**
 * Content hashes for stale-base protection: what a file contained when an agent last saw it, and who
 * changed it since. Hashes are SHA-256 of the file's bytes in lower-case hex; null means "no such file".
 */
import * as z from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';
import { LIMITS } from './limits.ts';
import { isGlob } from './glob.ts';
import { normalizeRepoPath } from './path.ts';

export const ContentHashSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a SHA-256 as 64 lower-case hex digits' });
export const ContentHashOrAbsentSchema = ContentHashSchema.nullable();

/** path → content hash (null: absent). Paths are normalised like every repository path; globs are refused. */
export const ContentHashesSchema = z
  .record(z.string().max(LIMITS.pathLength), ContentHashOrAbsentSchema)
  .transform((record, ctx) => {
    const entries = Object.entries(record);
    if (entries.length > LIMITS.filesPerRequest) {
      ctx.addIssue({ code: 'custom', message: `at most ${LIMITS.filesPerRequest} files` });
      return z.NEVER;
    }
    const normalized: Record<string, string | null> = {};
    for (const [raw, hash] of entries) {
      const path = normalizeRepoPath(raw);
      if (!path.ok || isGlob(path.path)) {
        ctx.addIssue({ code: 'custom', message: path.ok ? `"${raw}" is a glob; hashes are of files` : path.reason, path: [raw] });
        return z.NEVER;
      }
      normalized[path.path] = hash;
    }
    return normalized;
  });
export type ContentHashes = z.output<typeof ContentHashesSchema>;

/** A file changed by another agent after the caller last saw it. */
export const ForeignWriteSchema = z.object({
  /** What the caller last saw, and when. */
  base_hash: ContentHashOrAbsentSchema,
  base_recorded_at: TimestampSchema,
  /** What the caller has now. */
  current_hash: ContentHashOrAbsentSchema,
  /** The last write the coordinator was told about. */
  written_by: z.string().nullable(),
  written_by_id: UuidSchema.nullable(),
  written_at: TimestampSchema,
});
export type ForeignWrite = z.infer<typeof ForeignWriteSchema>;
