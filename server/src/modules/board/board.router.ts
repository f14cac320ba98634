/** tRPC procedure for the board. */
import { GetBoardInputSchema } from '@agent-coordinator/shared';
import { parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const boardRouter = router({
  get_task_board: procedure.input(parsedOrEmpty('get_task_board', GetBoardInputSchema)).query(({ ctx, input }) => ctx.services.board.getTaskBoard(ctx.actor, input)),
});
