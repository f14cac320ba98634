/** tRPC procedures for events of the caller's project: a resumable subscription (tracked ids) and a page of the log. */
import { tracked } from '@trpc/server';
import type { SubscribeEventsInput } from '@agent-coordinator/shared';
import { procedure, router, trpcErrorOf, typed } from '../../trpc/trpc.ts';

export const eventRouter = router({
  /** Ends with UNAUTHENTICATED soon after its token is revoked or its account disabled (credential-watch.ts). */
  subscribe: procedure.input(typed<SubscribeEventsInput | undefined>()).subscription(async function* ({ ctx, input, signal }) {
    const credential = ctx.services.auth.watch(ctx.token, ctx.clientAddress, signal);
    try {
      for await (const message of ctx.services.events.stream(ctx.actor, input ?? {}, credential.signal)) {
        yield tracked(String(message.id), message);
      }
    } finally {
      credential.stop();
    }
    const refusal = credential.refusal();
    if (refusal) throw trpcErrorOf(refusal);
  }),
  list: procedure.input(typed<{ after?: number; limit?: number } | undefined>()).query(({ ctx, input }) => ctx.services.events.list(ctx.actor, input ?? {})),
});
