/** Asserting on coordinator errors as a tRPC client sees them: the domain code, field issues and message. */
import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import type { ErrorCode } from '@agent-coordinator/shared';

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
