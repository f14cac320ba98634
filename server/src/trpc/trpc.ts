/**
 * The one tRPC instance. Procedures parse their input with the shared schemas (`parsed`), through the same
 * parseInput as MCP and REST, so every transport reports the same errors. Domain errors become tRPC errors
 * here, with the domain code and the field issues in `error.data.coordinator`.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type * as z from 'zod';
import { CoordinatorError, parseInput, type ErrorCode, type FieldIssue } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import { asDomainError } from '../common/infrastructure-errors.ts';

/**
 * What a transport knows about a call before it is authenticated: the token and project it presented
 * (HTTP headers or WebSocket connection params) and where it came from (for rate limits).
 */
export interface Context {
  readonly services: Services;
  readonly token: string | null;
  readonly project: string | null;
  readonly clientAddress: string;
}

type TrpcCode = TRPCError['code'];
const TRPC_CODE: Readonly<Record<ErrorCode, TrpcCode>> = {
  VALIDATION: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  LOCK_HELD: 'CONFLICT',
  POLICY_DENIED: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
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

/** A domain error as tRPC reports it: its HTTP-like code, its message, the domain code and issues in `data`. */
export const trpcErrorOf = (cause: CoordinatorError): TRPCError => new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const cause = result.ok ? null : asDomainError(result.error.cause);
  if (cause) throw trpcErrorOf(cause);
  return result;
});

/** Who the token is (UNAUTHENTICATED in accounts mode without a valid one). */
const identified = t.middleware(async ({ ctx, next }) => next({ ctx: { identity: await ctx.services.auth.identify(ctx.token, ctx.clientAddress) } }));

export const router = t.router;
/** One flat router from the module routers; tRPC throws at startup if two of them define the same procedure. */
export const mergeRouters = t.mergeRouters;
/** Open to anyone: logging in. */
export const publicProcedure = t.procedure.use(domainErrors);
/** Authenticated, not tied to a project: account and project administration, whoami. */
export const identityProcedure = publicProcedure.use(identified);
/** Authenticated and scoped to one project: every coordinator operation (`ctx.actor`). */
export const procedure = identityProcedure.use(async ({ ctx, next }) => next({ ctx: { actor: ctx.services.auth.actorFor(ctx.identity, ctx.project) } }));

/**
 * A procedure's input parser: the shared schema run through parseInput, so a bad input is the VALIDATION
 * error every transport reports ("create_task: invalid input — title: …"). tRPC wraps what a parser throws
 * in a BAD_REQUEST whose cause is that error, and domainErrors reports the cause as it reports any domain
 * error. A Standard Schema so the client sends what the schema accepts (defaulted fields optional) and the
 * procedure receives what it returns; `validate` throws rather than returning issues, to keep that error.
 */
export const parsed = <S extends z.ZodType>(operation: string, schema: S): EdgeParser<z.input<S>, z.output<S>> => ({
  operation,
  '~standard': { version: 1, vendor: 'agent-coordinator', validate: (value) => ({ value: parseInput(operation, schema, value) }) },
});

/** `parsed` for a procedure whose input may be left out: none (or null) is parsed as `{}`, the schema's defaults. */
export const parsedOrEmpty = <S extends z.ZodType>(operation: string, schema: S): EdgeParser<z.input<S> | undefined, z.output<S>> => ({
  operation,
  '~standard': { version: 1, vendor: 'agent-coordinator', validate: (value) => ({ value: parseInput(operation, schema, value ?? {}) }) },
});

/** The Standard Schema shape tRPC reads a parser's input and output types from (`types` is never set: types only). */
interface EdgeParser<I, O> {
  /** The operation whose input this parses: the name errors report, and the procedure's key (operation-names.test.ts). */
  readonly operation: string;
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => { readonly value: O };
    readonly types?: { readonly input: I; readonly output: O };
  };
}
