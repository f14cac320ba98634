/** tRPC procedures for the inbox and messages: the same services the MCP tools and the CLI use. */
import type { GetNotificationsInput, GetThreadInput, SendMessageInput } from '@agent-coordinator/shared';
import { procedure, router, typed } from '../../trpc/trpc.ts';

export const inboxRouter = router({
  take: procedure.input(typed<GetNotificationsInput | undefined>()).mutation(({ ctx, input }) => ctx.services.inbox.get(ctx.actor, input ?? {})),
  thread: procedure.input(typed<GetThreadInput>()).query(({ ctx, input }) => ctx.services.messages.thread(ctx.actor, input)),
  send: procedure.input(typed<SendMessageInput>()).mutation(({ ctx, input }) => ctx.services.messages.send(ctx.actor, input)),
});
