/**
 * Errors of the REST API as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
 * `status`, `detail`, plus the coordinator's own `code` and, for invalid input, `issues` naming each
 * field. The detail is the domain error's message — the same "what to do next" text MCP and tRPC give —
 * and the HTTP status comes from the one mapping tRPC uses (trpc.ts), so every transport agrees.
 */
import type { ServerResponse } from 'node:http';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { CoordinatorError, type ErrorCode, type FieldIssue } from '@agent-coordinator/shared';
import { asDomainError } from '../common/infrastructure-errors.ts';
import { trpcErrorOf } from '../trpc/trpc.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly issues?: readonly FieldIssue[];
}

const TITLES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION: 'Invalid input',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  LOCK_HELD: 'File lock held by another agent',
  POLICY_DENIED: 'Refused by a policy',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  RATE_LIMITED: 'Too many attempts',
  UNAVAILABLE: 'Temporarily unavailable',
  INTERNAL: 'Internal error',
};

/** Where each problem type is explained: the error table of the API reference page. */
export const problemType = (code: ErrorCode): string => `/api/docs#problem-${code}`;

export function problemOf(error: CoordinatorError, status = getHTTPStatusCodeFromError(trpcErrorOf(error))): Problem {
  return {
    type: problemType(error.code),
    title: TITLES[error.code],
    status,
    detail: error.message,
    code: error.code,
    ...(error.issues.length > 0 ? { issues: error.issues } : {}),
  };
}

/** The problem for anything thrown; `onInternal` hears of errors that are not the coordinator's own. */
export function problemFor(error: unknown, onInternal: (error: unknown) => void): Problem {
  const known = asDomainError(error);
  if (known) return problemOf(known);
  onInternal(error);
  return problemOf(new CoordinatorError('INTERNAL', 'internal error in the coordinator; it was logged — retry, and report it if it persists'));
}

export function sendProblem(res: ServerResponse, problem: Problem, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) return;
  if (problem.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer realm="agent-coordinator"');
  res.writeHead(problem.status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE });
  res.end(JSON.stringify(problem));
}
