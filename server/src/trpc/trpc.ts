/**
 * The one tRPC instance. Services validate their own input with the shared schemas (so every transport
 * reports the same errors); procedures declare input types only. Domain errors become tRPC errors here,
 * with the domain code and the field issues in `error.data.coordinator`.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { CoordinatorError, type ErrorCode, type FieldIssue } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import type { Actor } from '../common/actor.ts';
import { asDomainError } from '../common/infrastructure-errors.ts';

export interface Context {
  readonly services: Services;
  readonly actor: Actor;
}

type TrpcCode = TRPCError['code'];
const TRPC_CODE: Readonly<Record<ErrorCode, TrpcCode>> = {
  VALIDATION: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LOCK_HELD: 'CONFLICT',
  POLICY_DENIED: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

export interface CoordinatorErrorData {
  readonly code: ErrorCode;
  readonly issues: readonly FieldIssue[];
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const coordinator: CoordinatorErrorData | null =
      cause instanceof CoordinatorError ? { code: cause.code, issues: cause.issues } : error.code === 'PAYLOAD_TOO_LARGE' ? { code: 'VALIDATION', issues: [] } : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof CoordinatorError);
    return {
      ...shape,
      message: internal ? 'internal error in the coordinator; it was logged — retry, and report it if it persists' : shape.message,
      data: { ...shape.data, stack: undefined, coordinator },
    };
  },
});

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const cause = result.ok ? null : asDomainError(result.error.cause);
  if (cause) throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  return result;
});

export const router = t.router;
export const procedure = t.procedure.use(domainErrors);

/** Declares a procedure's input type without parsing it: the service parses with the shared schema. */
export const typed =
  <T>() =>
  (value: unknown): T =>
    value as T;
