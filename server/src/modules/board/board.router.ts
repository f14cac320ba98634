/** tRPC procedure for the board. */
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const boardRouter = router({
  get: procedure.input(typed<{ queue_limit?: number } | undefined>()).query(({ ctx, input }) => ctx.services.board.board(ctx.actor, input ?? {})),
});
