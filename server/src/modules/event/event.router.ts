/** tRPC procedures for events of the caller's project: a resumable subscription (tracked ids) and a page of the log. */
import { tracked } from '@trpc/server';
import { ListEventsInputSchema, SubscribeEventsInputSchema } from '@agent-coordinator/shared';
import { parsedOrEmpty, procedure, router, trpcErrorOf } from '../../trpc/trpc.ts';
import { asDomainError } from '../../common/infrastructure-errors.ts';

export const eventRouter = router({
  /** Ends with UNAUTHENTICATED soon after its token is revoked or its account disabled (credential-watch.ts). */
  subscribe_events: procedure.input(parsedOrEmpty('subscribe_events', SubscribeEventsInputSchema)).subscription(async function* ({ ctx, input, signal }) {
    const credential = ctx.services.auth.watch(ctx.token, ctx.clientAddress, signal);
    try {
      for await (const message of ctx.services.events.subscribeEvents(ctx.actor, input, credential.signal)) {
        yield tracked(String(message.id), message);
      }
    } catch (error) {
      // Thrown while iterating, after the procedure's middleware returned: mapped here, or tRPC would
      // report it as INTERNAL_SERVER_ERROR.
      const known = asDomainError(error);
      throw known ? trpcErrorOf(known) : error;
    } finally {
      credential.stop();
    }
    const refusal = credential.refusal();
    if (refusal) throw trpcErrorOf(refusal);
  }),
  list_events: procedure.input(parsedOrEmpty('list_events', ListEventsInputSchema)).query(({ ctx, input }) => ctx.services.events.listEvents(ctx.actor, input)),
});
