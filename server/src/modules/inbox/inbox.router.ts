/** tRPC procedures for the inbox and messages: the same services the MCP tools and the CLI use. */
import { GetNotificationsInputSchema, GetThreadInputSchema, SendMessageInputSchema } from '@agent-coordinator/shared';
import { parsed, parsedOrEmpty, procedure, router } from '../../trpc/trpc.ts';

export const inboxRouter = router({
  get_notifications: procedure.input(parsedOrEmpty('get_notifications', GetNotificationsInputSchema)).mutation(({ ctx, input }) => ctx.services.inbox.getNotifications(ctx.actor, input)),
  get_thread: procedure.input(parsed('get_thread', GetThreadInputSchema)).query(({ ctx, input }) => ctx.services.messages.getThread(ctx.actor, input)),
  send_message: procedure.input(parsed('send_message', SendMessageInputSchema)).mutation(({ ctx, input }) => ctx.services.messages.sendMessage(ctx.actor, input)),
});
