/** tRPC procedures for file locks. */
import type { CheckFilesInput, ListLocksInput, LockFilesInput, ReleaseFilesInput, RequestReleaseInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const lockRouter = router({
  // `signal` aborts when the client goes away: a waiting request (wait_seconds) leaves the queue.
  acquire: procedure.input(typed<LockFilesInput>()).mutation(({ ctx, input, signal }) => ctx.services.locks.lock(ctx.actor, input, signal)),
  release: procedure.input(typed<ReleaseFilesInput>()).mutation(({ ctx, input }) => ctx.services.locks.release(ctx.actor, input)),
  check: procedure.input(typed<CheckFilesInput>()).query(({ ctx, input }) => ctx.services.locks.check(ctx.actor, input)),
  list: procedure.input(typed<ListLocksInput | undefined>()).query(({ ctx, input }) => ctx.services.locks.list(ctx.actor, input ?? {})),
  requestRelease: procedure.input(typed<RequestReleaseInput>()).mutation(({ ctx, input }) => ctx.services.releaseRequests.request(ctx.actor, input)),
});
