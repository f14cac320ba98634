/**
 * Repository paths and globs. Every path is normalised to a repository-relative POSIX form:
 * backslashes become slashes, `.` segments and repeated slashes are dropped, a trailing slash means
 * "the folder and everything under it" (`src/` → `src/**`). Absolute paths and `..` are refused.
 *
 * Globs: `*` (within a segment), `?` (one character), `**` (any number of segments), `{a,b}` alternatives.
 * Everything the glob matcher relies on is checked here, at the edge, so a stored lock is always one the
 * matcher handles within its limits (LIMITS.glob*); control characters and lone surrogates are refused.
 */
import * as z from 'zod';
import { globProblem } from './glob.ts';
import { LIMITS } from './limits.ts';

/**
 * C0 controls, DEL and C1 controls: never part of a real file name, and an ANSI escape in a path would be
 * written raw to the CLI's terminal and the editor's views. NUL is among them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** A character as a person can read it in an error message: `U+001B`. */
const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

export type PathNormalization = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export function normalizeRepoPath(raw: string): PathNormalization {
  // checked before trimming, so a tab or newline at either end is refused too rather than quietly dropped
  const control = CONTROL_CHARACTER.exec(raw);
  if (control) return { ok: false, reason: `must not contain control characters (found ${codePoint(control[0])} at offset ${control.index}); name the file as it is on disk` };
  // a lone surrogate is no character at all: it cannot name a file, and it compared equal to nothing
  if (!raw.isWellFormed()) return { ok: false, reason: 'contains a lone UTF-16 surrogate (half of a character); send the path as well-formed Unicode' };
  const unified = raw.trim().replaceAll('\\', '/');
  if (unified === '') return { ok: false, reason: 'must not be empty' };
  if (unified.startsWith('/') || /^[A-Za-z]:\//.test(unified) || unified.startsWith('~')) {
    return { ok: false, reason: `"${raw}" is absolute; give a path relative to the repository root` };
  }
  const folder = unified.endsWith('/');
  const segments = unified.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    return { ok: false, reason: `"${raw}" contains "..": paths must stay inside the repository` };
  }
  if (segments.length === 0) return { ok: false, reason: `"${raw}" names the repository root; use "**" to mean every file` };
  const path = folder ? `${segments.join('/')}/**` : segments.join('/');
  if (segments.length > LIMITS.pathSegments) {
    return { ok: false, reason: `"${raw}" has ${segments.length} segments; at most ${LIMITS.pathSegments} are allowed (lock a folder higher up)` };
  }
  const problem = globProblem(path);
  if (problem !== null) return { ok: false, reason: `"${raw.length > 80 ? `${raw.slice(0, 80)}…` : raw}" ${problem}` };
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
