/**
 * The one domain error type. Services throw it with a code from ERROR_CODES; only transports map it
 * (tRPC error formatter, MCP `isError` results, CLI exit codes). Messages name the operation and the ids
 * involved and, for agents, what to do next.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'LOCK_HELD',
  'POLICY_DENIED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export class CoordinatorError extends Error {
  override readonly name = 'CoordinatorError';
  readonly code: ErrorCode;
  readonly issues: readonly FieldIssue[];
  constructor(code: ErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
