/**
 * Repository paths and globs. Every path is normalised to a repository-relative POSIX form:
 * backslashes become slashes, `.` segments and repeated slashes are dropped, a trailing slash means
 * "the folder and everything under it" (`src/` → `src/**`). Absolute paths and `..` are refused.
 *
 * Globs: `*` (within a segment), `?` (one character), `**` (any number of segments), `{a,b}` alternatives.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';

export type PathNormalization = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export function normalizeRepoPath(raw: string): PathNormalization {
  const unified = raw.trim().replaceAll('\\', '/');
  if (unified === '') return { ok: false, reason: 'must not be empty' };
  if (unified.startsWith('/') || /^[A-Za-z]:\//.test(unified) || unified.startsWith('~')) {
    return { ok: false, reason: `"${raw}" is absolute; give a path relative to the repository root` };
  }
  if (unified.includes('\0')) return { ok: false, reason: 'must not contain NUL characters' };
  const folder = unified.endsWith('/');
  const segments = unified.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    return { ok: false, reason: `"${raw}" contains "..": paths must stay inside the repository` };
  }
  if (segments.length === 0) return { ok: false, reason: `"${raw}" names the repository root; use "**" to mean every file` };
  const path = folder ? `${segments.join('/')}/**` : segments.join('/');
  return { ok: true, path };
}

export const RepoPathSchema = z
  .string()
  .max(LIMITS.pathLength)
  .transform((raw, ctx) => {
    const normalized = normalizeRepoPath(raw);
    if (!normalized.ok) {
      ctx.addIssue({ code: 'custom', message: normalized.reason });
      return z.NEVER;
    }
    return normalized.path;
  });

export const RepoPathListSchema = z
  .array(RepoPathSchema)
  .max(LIMITS.filesPerRequest)
  .transform((paths) => [...new Set(paths)]);
