/** tRPC procedure for the board. */
import { GetBoardInputSchema } from '@agent-coordinator/shared';
import { parsed, procedure, router } from '../../trpc/trpc.ts';

export const boardRouter = router({
  // No input at all is the default board, as `{}` is.
  get: procedure.input(parsed('get_task_board', GetBoardInputSchema.prefault({}))).query(({ ctx, input }) => ctx.services.board.board(ctx.actor, input)),
});
