/**
 * The messages toolset. `get_notifications` is in the core catalogue (tools.ts): every tool result ends with
 * a line telling an agent with unread notifications to call it. Sending (messages, release requests) and
 * reading a thread whole (`get_thread`) are the `messages` toolset (`/mcp?toolsets=messages`), so agents
 * that only listen carry no more than that.
 */
import type * as z from 'zod';
import type { ToolDefinition } from './tools.ts';
import { RequestReleaseInputSchema, RequestReleaseResultSchema } from './lock.ts';
import { GetThreadInputSchema, GetThreadResultSchema, SendMessageInputSchema, SendMessageResultSchema } from './inbox.ts';

const define = <I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> => tool;

export const MESSAGE_TOOLS = {
  send_message: define({
    name: 'send_message',
    title: 'Send message',
    description: 'Message an agent or human (to), a task thread (task_id), a mission\'s principals (mission_id), or answer a thread (reply_to).',
    input: SendMessageInputSchema,
    output: SendMessageResultSchema,
    mutates: true,
  }),
  get_thread: define({
    name: 'get_thread',
    title: 'Read thread',
    description: 'Read a message thread you take part in, oldest first (thread_id from a notification or send_message).',
    input: GetThreadInputSchema,
    output: GetThreadResultSchema,
    mutates: false,
  }),
  request_release: define({
    name: 'request_release',
    title: 'Request release',
    description: 'Ask the holders of these paths to release them (each gets a notification); nothing is forced.',
    input: RequestReleaseInputSchema,
    output: RequestReleaseResultSchema,
    mutates: true,
  }),
} as const;
