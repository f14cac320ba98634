/**
 * The notification inbox of each agent. Other modules raise notifications with `notify` inside their own
 * transaction (so a notification commits with the change it reports, and is recorded in the event log as
 * `inbox.notified`); the inbox's owner takes them with `get` (marking them read) and every MCP tool
 * result carries `digest`, one bounded line saying how many wait (docs/notifications.md).
 */
import {
  INBOX_LIMITS,
  type GetNotificationsInputSchema,
  type GetNotificationsResult,
  type Parsed,
  type NotificationKind,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Sql } from '../../db/database.ts';
import { actingRef } from '../agent/agent-ref.ts';
import { requireAgent } from '../agent/agent-lookup.ts';
import { InboxRepository } from './inbox.repository.ts';
import { digestLine } from './inbox-digest.ts';

/** What a notification says besides its kind: a one-line summary, and optionally who, which thread, a body, details. */
export interface NotificationContent {
  readonly summary: string;
  readonly sender?: { readonly id: string; readonly name: string } | null | undefined;
  readonly threadId?: string | null | undefined;
  readonly body?: string | null | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/** How many unread summaries the digest line names before "…". */
const DIGEST_SHOWN = 3;

const clip = (value: string, max: number): string => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

export class InboxService {
  readonly #db: Sql;
  readonly #transactor: Transactor;
  readonly #inbox = new InboxRepository();

  constructor(db: Sql, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
  }

  /**
   * Puts a notification in `recipientId`'s inbox, in `tx` (the caller's transaction), and records it in
   * `project`'s event log. The recipient must be an agent of `project`: callers pass ids they read there.
   */
  async notify(tx: Tx, project: string, recipientId: string, kind: NotificationKind, content: NotificationContent): Promise<string> {
    const summary = clip(content.summary.replace(/\s+/g, ' ').trim(), INBOX_LIMITS.summaryLength);
    const id = await this.#inbox.insert(tx, {
      project,
      recipientId,
      kind,
      summary,
      senderId: content.sender?.id ?? null,
      senderName: content.sender?.name ?? null,
      threadId: content.threadId ?? null,
      body: content.body ?? null,
      details: content.details,
    });
    tx.within(project).emit({
      type: 'inbox.notified',
      notification_id: id,
      recipient_id: recipientId,
      kind,
      summary,
      sender: content.sender?.name ?? null,
      thread_id: content.threadId ?? null,
    });
    return id;
  }

  /** The caller's agent's unread notifications (or, with `all`, the newest ones), oldest first; marks them read. */
  getNotifications(actor: Actor, input: Parsed<typeof GetNotificationsInputSchema>): Promise<GetNotificationsResult> {
    const ref = actingRef(actor, 'get_notifications', input.agent_id);
    return this.#transactor.run(actor.project, async (tx) => {
      const agent = await requireAgent(tx, actor, 'get_notifications', ref);
      const notifications = input.all
        ? await this.#inbox.takeRecent(tx, actor.project, agent.id, input.limit)
        : await this.#inbox.takeUnread(tx, actor.project, agent.id, input.limit);
      return { notifications, unread_left: await this.#inbox.unreadCount(tx, actor.project, agent.id) };
    });
  }

  /** The line appended to a tool result while `agentId` has unread notifications; null when none wait. */
  async digest(project: string, agentId: string): Promise<string | null> {
    const unread = await this.#inbox.unreadDigest(this.#db, project, agentId, DIGEST_SHOWN);
    return digestLine(unread);
  }

  /** Retention: notifications and messages older than the event log keeps go too; returns how many notifications. */
  prune(sql: Sql, maxAgeSeconds: number): Promise<number> {
    return this.#inbox.pruneOlderThan(sql, maxAgeSeconds);
  }
}
