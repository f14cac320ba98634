/** tRPC procedures for file locks. */
import { CheckFilesInputSchema, ListLocksInputSchema, LockFilesInputSchema, ReleaseFilesInputSchema, RequestReleaseInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const lockRouter = router({
  // `signal` aborts when the client goes away: a waiting request (wait_seconds) leaves the queue.
  lock_files: procedure.input(parsed('lock_files', LockFilesInputSchema)).mutation(({ ctx, input, signal }) => ctx.services.locks.lockFiles(ctx.actor, input, signal)),
  release_files: procedure.input(parsed('release_files', ReleaseFilesInputSchema)).mutation(({ ctx, input }) => ctx.services.locks.releaseFiles(ctx.actor, input)),
  check_files: procedure.input(parsed('check_files', CheckFilesInputSchema)).query(({ ctx, input }) => ctx.services.locks.checkFiles(ctx.actor, input)),
  list_locks: procedure.input(parsedOrEmpty('list_locks', ListLocksInputSchema)).query(({ ctx, input }) => ctx.services.locks.listLocks(ctx.actor, input)),
  request_release: procedure.input(parsed('request_release', RequestReleaseInputSchema)).mutation(({ ctx, input }) => ctx.services.releaseRequests.requestRelease(ctx.actor, input)),
});
