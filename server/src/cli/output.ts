/**
 * How the client commands print: the result as human text or, with `--json`, as the raw JSON the server
 * returned; aligned tables; clock times; and failures as one `agent-coordinator: <message>` line on
 * stderr with an exit code chosen by the domain error code (see EXIT_CODES).
 */
import { CoordinatorError, type ErrorCode } from '@agent-coordinator/shared';
import { UsageError } from './args.ts';
import type { Session } from './client.ts';

/**
 * Exit codes: 0 success; 1 usage error, unreachable server or anything else; 2 invalid input
 * (VALIDATION); 3 something named does not exist (NOT_FOUND); 4 held by someone else (CONFLICT,
 * LOCK_HELD — also a lock request that was not granted); 5 refused by a policy or not allowed to this
 * caller (POLICY_DENIED, FORBIDDEN: humans or admins only, not a member of the project); 6 not applied
 * yet: a policy escalated it to a human (PendingApprovalError); 7 not authenticated (UNAUTHENTICATED: no,
 * a wrong, an expired or a revoked token — log in or pass another one); 8 rate limited (RATE_LIMITED: too
 * many attempts — wait the seconds the message names, then try again).
 */
export const EXIT_CODES: Readonly<Partial<Record<ErrorCode, number>>> = {
  VALIDATION: 2,
  NOT_FOUND: 3,
  CONFLICT: 4,
  LOCK_HELD: 4,
  POLICY_DENIED: 5,
  FORBIDDEN: 5,
  UNAUTHENTICATED: 7,
  RATE_LIMITED: 8,
};
export const EXIT_CODES_HELP =
  'exit codes: 0 ok, 1 usage or other failure, 2 invalid input, 3 not found, 4 conflict or lock held, 5 refused by a policy or not allowed, 6 waiting for approval, 7 not logged in or token refused, 8 rate limited (wait, then try again)';

/** The change was not applied: it waits in the approvals queue (exit code 6). */
export class PendingApprovalError extends Error {
  override readonly name = 'PendingApprovalError';
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return 1;
  if (error instanceof PendingApprovalError) return 6;
  if (error instanceof CoordinatorError) return EXIT_CODES[error.code] ?? 1;
  return 1;
}

/**
 * Prints a failure as one line on stderr and returns the exit code for it; a service's message is put in
 * the CLI's own words by `inCliWords` (command-names.ts).
 */
export function printError(error: unknown, inCliWords: (message: string) => string = (message) => message): number {
  const message = error instanceof CoordinatorError ? inCliWords(error.message) : error instanceof Error ? error.message : String(error);
  process.stderr.write(`agent-coordinator: ${message.split('\n')[0]}\n`);
  return exitCodeFor(error);
}

/** Prints `result` as JSON with `--json`, else the human text (which may be several lines). */
export function show(session: Session, result: unknown, human: () => string): void {
  process.stdout.write(session.json ? `${JSON.stringify(result, null, 2)}\n` : `${human()}\n`);
}

/** Columns padded to their widest cell, two spaces apart, headers in upper case. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...rows.map(line)].join('\n');
}

/** An ISO timestamp as local `HH:MM:SS`. */
export function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toTimeString().slice(0, 8);
}

export const list = (items: readonly string[]): string => (items.length > 0 ? items.join(', ') : '-');

export function truncate(text: string, max = 48): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
