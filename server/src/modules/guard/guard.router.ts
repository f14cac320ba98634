/** tRPC procedures of the guard: what the Claude Code hook and the git hooks ask and report. */
import type { CheckCommitInput, ReportCommitInput, ReportWriteInput, VerifyWriteInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const guardRouter = router({
  verifyWrite: procedure.input(typed<VerifyWriteInput>()).mutation(({ ctx, input }) => ctx.services.guard.verifyWrite(ctx.actor, input)),
  reportWrite: procedure.input(typed<ReportWriteInput>()).mutation(({ ctx, input }) => ctx.services.guard.reportWrite(ctx.actor, input)),
  checkCommit: procedure.input(typed<CheckCommitInput>()).mutation(({ ctx, input }) => ctx.services.guard.checkCommit(ctx.actor, input)),
  reportCommit: procedure.input(typed<ReportCommitInput>()).mutation(({ ctx, input }) => ctx.services.guard.reportCommit(ctx.actor, input)),
});
