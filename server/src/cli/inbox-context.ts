/** The text the Claude Code hooks hand the agent as additional context: its unread notifications, bounded. */
import type { Notification } from '@agent-coordinator/shared';

/** Claude Code keeps additional context short; a long message body is cut and the rest left to get_notifications. */
const MAX_CHARS = 2_000;

export function inboxContext(notifications: readonly Notification[], unreadLeft: number): string {
  const lines = notifications.map((n) => {
    const body = n.body && n.kind === 'message' ? ` "${n.body.length > 300 ? `${n.body.slice(0, 299)}…` : n.body}"` : '';
    const thread = n.thread_id ? ` (answer with send_message reply_to ${n.thread_id})` : '';
    return `- ${n.summary}${body}${thread}`;
  });
  const more = unreadLeft > 0 ? `\n${unreadLeft} more unread: call get_notifications.` : '';
  const text = `AgentCoordinator notifications for you:\n${lines.join('\n')}${more}`;
  return text.length <= MAX_CHARS ? text : `${text.slice(0, MAX_CHARS - 40)}…\n(more: call get_notifications)`;
}
