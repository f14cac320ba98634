/**
 * The inbox over MCP, besides get_notifications: while the session's agent has unread notifications,
 * every tool result ends with one text item naming them (inbox-digest.ts, at most 300 characters), so an
 * agent hears of a release request in the middle of its work without polling; and a session that keeps
 * its server-to-client stream open gets a logging notification (`notifications/message`, logger `inbox`)
 * the moment a notification for its agent commits. Clients without that stream still see the line.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { TextContent } from '@modelcontextprotocol/sdk/types.js';
import type { Services } from '../coordinator.ts';
import type { McpSession } from './mcp-tools.ts';
import { whileSessionOpen } from './while-session-open.ts';

/** The unread line for a tool result, or nothing: not after get_notifications itself, nor before the session has an agent. */
export async function unreadNote(services: Services, session: McpSession, tool: string): Promise<TextContent[]> {
  if (session.agentId === undefined || tool === 'get_notifications') return [];
  const line = await services.inbox.digest(session.actor.project, session.agentId);
  return line === null ? [] : [{ type: 'text', text: line }];
}

export function pushInboxNotifications(services: Services, session: McpSession, server: Server, onError: (error: unknown) => void): void {
  whileSessionOpen(server, onError, async (signal) => {
    for await (const message of services.events.subscribeEvents(session.actor, { types: ['inbox.notified'] }, signal)) {
      if (message.type !== 'inbox.notified' || session.agentId === undefined || message.recipient_id !== session.agentId) continue;
      await server
        .sendLoggingMessage({
          level: message.kind === 'release_requested' ? 'warning' : 'notice',
          logger: 'inbox',
          data: { text: `${message.summary} — call get_notifications`, kind: message.kind, notification_id: message.notification_id, thread_id: message.thread_id },
        })
        .catch(() => undefined);
    }
  });
}
