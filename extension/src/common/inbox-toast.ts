/**
 * What the editor makes of a notification in the user's inbox (issue #15): the toast's line and the
 * actions that fit its kind — Release for a release request on paths still held, Reply where there is a
 * thread, Open Task where a task is named, Open / Lock for Me for a path that is free. Also which events
 * tell this window to take its inbox, so the feature stays a thin binding over this logic.
 *
 * Decisions: a release request for paths the holder no longer holds still shows (someone asked; the
 * answer is that it is already free) but without Release. More than `INBOX_TOASTS_SHOWN` notifications at
 * once (a backlog on connect) show the first ones and one line counting the rest, so the window is never
 * buried in toasts.
 */
import type { Lock, Notification, StreamMessage } from '@agent-coordinator/shared';

export type InboxAction = 'Release' | 'Reply' | 'Open Task' | 'Open' | 'Lock for Me';

export interface InboxToast {
  readonly notificationId: string;
  readonly text: string;
  readonly warning: boolean;
  readonly actions: readonly InboxAction[];
  /** The agent of this window the notification is for (who releases, who replies). */
  readonly agentId: string;
  /** Paths to release (release_requested, still held) or that are free (lock_free). */
  readonly paths: readonly string[];
  /** A task key or id to open. */
  readonly task: string | null;
  readonly threadId: string | null;
}

/** Toasts shown at once; the rest are counted in one more line. */
export const INBOX_TOASTS_SHOWN = 5;

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const stringOr = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const listText = (paths: readonly string[]): string => (paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`);

/** The toast for one notification addressed to `agentId`, given the live locks. */
export function inboxToast(n: Notification, agentId: string, locks: readonly Lock[]): InboxToast {
  const task = stringOr(n.details['task_key']) ?? stringOr(n.details['task_id']);
  const base = { notificationId: n.notification_id, agentId, task, threadId: n.thread_id };
  const reply: InboxAction[] = n.thread_id ? ['Reply'] : [];
  const openTask: InboxAction[] = task ? ['Open Task'] : [];
  switch (n.kind) {
    case 'release_requested': {
      const held = new Set(locks.filter((l) => l.held_by_id === agentId).map((l) => l.path));
      const asked = stringList(n.details['paths']);
      const paths = asked.filter((p) => held.has(p));
      const who = n.sender ?? 'someone';
      // The body is the asker's note, or the coordinator's "please release …" when they wrote none.
      const note = n.body && !n.body.startsWith('please release') ? ` — “${n.body}”` : '';
      if (paths.length === 0) return { ...base, text: `${who} asked you to release ${listText(asked)}${note}; you no longer hold it.`, warning: false, actions: reply, paths: [] };
      return { ...base, text: `${who} asks you to release ${listText(paths)}${note}.`, warning: true, actions: ['Release', ...reply], paths };
    }
    case 'lock_free': {
      const paths = stringList(n.details['paths']);
      return { ...base, text: freeText(paths), warning: false, actions: ['Open', 'Lock for Me'], paths };
    }
    case 'message': {
      const text = n.body ? `${n.sender ?? 'someone'}: ${n.body}` : n.summary;
      return { ...base, text, warning: false, actions: [...reply, ...openTask], paths: [] };
    }
    case 'approval_decided':
      return { ...base, text: n.summary, warning: n.details['status'] !== 'approved', actions: openTask, paths: [] };
    case 'task_assigned':
    case 'dependency_done':
      return { ...base, text: n.summary, warning: false, actions: openTask, paths: [] };
  }
}

/** "src/a.ts is free now." — what a lock.free event (check_files notify_when_free) or a lock_free notification says. */
export function freeText(paths: readonly string[]): string {
  return `${listText(paths)} ${paths.length === 1 ? 'is' : 'are'} free now.`;
}

/** The line counting the notifications not shown as toasts; null when all were shown. */
export function moreText(total: number, shown = INBOX_TOASTS_SHOWN): string | null {
  const rest = total - shown;
  return rest > 0 ? `${rest} more unread notification${rest === 1 ? '' : 's'} (shown in the log).` : null;
}

/** The agent of this window whose inbox an event fills, or null when it is someone else's. */
export function inboxRecipient(event: StreamMessage, selfIds: ReadonlySet<string>): string | null {
  return event.type === 'inbox.notified' && selfIds.has(event.recipient_id) ? event.recipient_id : null;
}

/** The freed paths of a lock.free event addressed to one of this window's agents (check_files notify_when_free). */
export function freedFor(event: StreamMessage, selfIds: ReadonlySet<string>): readonly string[] {
  return event.type === 'lock.free' && selfIds.has(event.agent_id) ? event.paths : [];
}
