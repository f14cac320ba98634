/**
 * Turning failures of the infrastructure (the database unreachable, a connection dropped mid-query)
 * into CoordinatorError('UNAVAILABLE') so callers are told to retry instead of seeing an internal error.
 * Anything else stays unknown and is reported as internal by the transport.
 */
import { CoordinatorError } from '@agent-coordinator/shared';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
/** PostgreSQL SQLSTATEs of connection failures (class 08) and shutdowns (57P01–57P03). */
const SQLSTATE = /^(08\d{3}|57P0[123])$/;
const MESSAGES = /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i;

function isInfrastructureFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (MESSAGES.test(error.message)) return true;
  return isInfrastructureFailure((error as { cause?: unknown }).cause, depth + 1);
}

export function asDomainError(error: unknown): CoordinatorError | null {
  if (error instanceof CoordinatorError) return error;
  if (isInfrastructureFailure(error)) {
    return new CoordinatorError('UNAVAILABLE', 'the coordinator cannot reach its database right now; nothing was changed — retry in a few seconds');
  }
  return null;
}
