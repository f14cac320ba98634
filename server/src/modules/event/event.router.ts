/** tRPC procedures for events of the caller's project: a resumable subscription (tracked ids) and a page of the log. */
import { tracked } from '@trpc/server';
import type { SubscribeEventsInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const eventRouter = router({
  subscribe: procedure.input(typed<SubscribeEventsInput | undefined>()).subscription(async function* ({ ctx, input, signal }) {
    for await (const message of ctx.services.events.stream(ctx.actor, input ?? {}, signal)) {
      yield tracked(String(message.id), message);
    }
  }),
  list: procedure.input(typed<{ after?: number; limit?: number } | undefined>()).query(({ ctx, input }) => ctx.services.events.list(ctx.actor, input ?? {})),
});
