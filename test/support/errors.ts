/** Asserting on coordinator errors as a tRPC client sees them: the domain code, field issues and message. */
import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import { CoordinatorError, type ErrorCode } from '@agent-coordinator/shared';

interface CoordinatorErrorData {
  readonly code: ErrorCode;
  readonly issues: readonly { readonly field: string; readonly message: string }[];
}

export async function rejectsWith(
  promise: Promise<unknown>,
  code: ErrorCode,
  expected: { readonly field?: string; readonly message?: RegExp } = {},
): Promise<TRPCClientError<never>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TRPCClientError, `expected a TRPCClientError, got ${String(error)}`);
    const data = (error.data as { coordinator?: CoordinatorErrorData } | undefined)?.coordinator;
    assert.equal(data?.code, code, `expected ${code}, got ${data?.code}: ${error.message}`);
    if (expected.field) {
      assert.ok(data.issues.some((i) => i.field === expected.field), `no issue for field ${expected.field}: ${JSON.stringify(data.issues)}`);
    }
    if (expected.message) assert.match(error.message, expected.message);
    return error as TRPCClientError<never>;
  }
  assert.fail(`expected the call to fail with ${code}`);
}

/** For suites calling services directly: the promise fails with a CoordinatorError of this code. */
export async function failsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<CoordinatorError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CoordinatorError, `expected a CoordinatorError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected the call to fail with ${code}`);
}

/** An id no project has. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Another project's item is refused exactly like one that does not exist anywhere (nothing leaks). */
export async function unknownLike(theirs: Promise<unknown>, nobodys: Promise<unknown>, ref: string): Promise<void> {
  const [a, b] = [await failsWith(theirs, 'NOT_FOUND'), await failsWith(nobodys, 'NOT_FOUND')];
  assert.equal(a.message.replace(ref, '<ref>'), b.message.replace(UNKNOWN_ID, '<ref>'));
}

/**
 * For suites on the createCaller tier (in-process-caller.ts): the router threw a TRPCError caused by a
 * CoordinatorError of this code, with an issue for `field` and a message matching `message` when given.
 */
export async function callerRejectsWith(
  promise: Promise<unknown>,
  code: ErrorCode,
  expected: { readonly field?: string; readonly message?: RegExp } = {},
): Promise<CoordinatorError> {
  try {
    await promise;
  } catch (error) {
    // The server's TRPCError, by name: this workspace depends on the tRPC client only.
    assert.ok(error instanceof Error && error.name === 'TRPCError', `expected a TRPCError, got ${String(error)}`);
    const cause = error.cause;
    assert.ok(cause instanceof CoordinatorError, `expected a CoordinatorError as the cause, got ${String(cause)}`);
    assert.equal(cause.code, code, `expected ${code}, got ${cause.code}: ${cause.message}`);
    if (expected.field) assert.ok(cause.issues.some((i) => i.field === expected.field), `no issue for field ${expected.field}: ${JSON.stringify(cause.issues)}`);
    if (expected.message) assert.match(error.message, expected.message);
    return cause;
  }
  assert.fail(`expected the call to fail with ${code}`);
}
