/** tRPC procedures of the guard: what the Claude Code hook and the git hooks ask and report. */
import { CheckCommitInputSchema, ReportCommitInputSchema, ReportWriteInputSchema, VerifyWriteInputSchema } from '@agent-coordinator/shared';
import { parsed, procedure, router } from '../../trpc/trpc.ts';

export const guardRouter = router({
  verify_write: procedure.input(parsed('verify_write', VerifyWriteInputSchema)).mutation(({ ctx, input }) => ctx.services.guard.verifyWrite(ctx.actor, input)),
  report_write: procedure.input(parsed('report_write', ReportWriteInputSchema)).mutation(({ ctx, input }) => ctx.services.guard.reportWrite(ctx.actor, input)),
  check_commit: procedure.input(parsed('check_commit', CheckCommitInputSchema)).mutation(({ ctx, input }) => ctx.services.guard.checkCommit(ctx.actor, input)),
  report_commit: procedure.input(parsed('report_commit', ReportCommitInputSchema)).mutation(({ ctx, input }) => ctx.services.guard.reportCommit(ctx.actor, input)),
});
