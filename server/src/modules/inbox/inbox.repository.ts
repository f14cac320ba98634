/**
 * The inbox's SQL: notifications (written, bounded per recipient, taken and marked read in one
 * statement, pruned by age) and messages (written, their thread's participants read back). Every
 * statement is scoped by project and recipient; the tables are in inbox.entity.ts and m011-inbox, and the
 * statements are typed from those entities through the ORM's Kysely.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw } from 'kysely';
import { INBOX_LIMITS, type Notification, type NotificationKind, type ThreadMessage } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { prepared } from '../../db/prepared-statement.ts';

export interface NewNotification {
  readonly project: string;
  readonly recipientId: string;
  readonly kind: NotificationKind;
  readonly summary: string;
  readonly senderId?: string | null | undefined;
  readonly senderName?: string | null | undefined;
  readonly threadId?: string | null | undefined;
  readonly body?: string | null | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export interface NewMessage {
  readonly project: string;
  readonly threadId: string | null;
  readonly senderId: string;
  readonly senderName: string;
  readonly recipientIds: readonly string[];
  readonly taskId: string | null;
  readonly missionId: string | null;
  readonly body: string;
}

export interface Thread {
  readonly threadId: string;
  /** Everyone who sent or received a message in it, in order of first appearance. */
  readonly participantIds: readonly string[];
  readonly taskId: string | null;
  readonly missionId: string | null;
}

export interface UnreadDigest {
  readonly count: number;
  /** The oldest unread summaries first, at most a handful. */
  readonly summaries: readonly string[];
}

const NOTIFICATION_COLUMNS = ['id', 'kind', 'summary', 'sender_id', 'sender_name', 'thread_id', 'body', 'details', 'created_at', 'read_at'] as const;

const selectNotifications = (sql: Sql) => sql.db.selectFrom('notifications').select(NOTIFICATION_COLUMNS);

type NotificationRow = Awaited<ReturnType<ReturnType<typeof selectNotifications>['executeTakeFirstOrThrow']>>;

const clockTimestamp = raw<string>`clock_timestamp()`;
const olderThan = (maxAgeSeconds: number) => raw<string>`now() - make_interval(secs => ${maxAgeSeconds})`;

export function notificationFromRow(row: NotificationRow): Notification {
  return {
    notification_id: row.id,
    kind: row.kind,
    summary: row.summary,
    sender: row.sender_name,
    sender_id: row.sender_id,
    thread_id: row.thread_id,
    body: row.body,
    details: row.details,
    created_at: row.created_at,
    read_at: row.read_at,
  };
}

/** Run on every completed task (who waits on it): prepared, built and compiled once. */
const WAITING_ON = prepared<{ project: string; taskId: string }>()((db, p) =>
  db
    .selectFrom('task_dependencies as d')
    .innerJoin('tasks as t', 't.id', 'd.task_id')
    .select((eb) => [eb.fn.coalesce('t.claimed_by_id', 't.assignee_id').as('agent_id'), raw<string>`'T-' || t.key_number`.as('key'), 't.title'])
    .where('d.depends_on_id', '=', p.taskId)
    .where('t.project', '=', p.project)
    .where('t.status', 'not in', ['done', 'failed', 'cancelled'])
    .where((eb) => eb.fn.coalesce('t.claimed_by_id', 't.assignee_id'), 'is not', null),
);

export class InboxRepository {
  /** Writes one notification and drops the recipient's oldest beyond the per-agent bound; returns its id. */
  async insert(sql: Sql, n: NewNotification): Promise<string> {
    const id = randomUUID();
    await sql.db
      .insertInto('notifications')
      .values({
        id,
        project: n.project,
        recipient_id: n.recipientId,
        kind: n.kind,
        summary: n.summary,
        sender_id: n.senderId ?? null,
        sender_name: n.senderName ?? null,
        thread_id: n.threadId ?? null,
        body: n.body ?? null,
        details: { ...n.details },
      })
      .execute();
    await sql.db
      .deleteFrom('notifications')
      .where('id', 'in', (eb) =>
        eb.selectFrom('notifications').select('id').where('recipient_id', '=', n.recipientId).orderBy('created_at', 'desc').orderBy('id').offset(INBOX_LIMITS.perAgent),
      )
      .execute();
    return id;
  }

  /**
   * The recipient's oldest unread notifications, marked read by the same statement. Rows another caller
   * is taking at this moment are skipped, so two readers racing never both get one notification.
   */
  async takeUnread(sql: Sql, project: string, recipientId: string, limit: number): Promise<Notification[]> {
    const rows = await sql.db
      .updateTable('notifications')
      .set({ read_at: clockTimestamp })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('notifications')
          .select('id')
          .where('project', '=', project)
          .where('recipient_id', '=', recipientId)
          .where('read_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(NOTIFICATION_COLUMNS)
      .execute();
    return rows.map(notificationFromRow).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** The newest notifications, read or not (oldest first among them); the unread ones among them are marked read. */
  async takeRecent(sql: Sql, project: string, recipientId: string, limit: number): Promise<Notification[]> {
    const rows = await selectNotifications(sql).where('project', '=', project).where('recipient_id', '=', recipientId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    const unread = rows.filter((r) => r.read_at === null).map((r) => r.id);
    if (unread.length > 0) await sql.db.updateTable('notifications').set({ read_at: clockTimestamp }).where('id', 'in', unread).where('read_at', 'is', null).execute();
    return rows.map(notificationFromRow).reverse();
  }

  async unreadCount(sql: Sql, project: string, recipientId: string): Promise<number> {
    const row = await sql.db
      .selectFrom('notifications')
      .select(raw<number>`count(*)::int`.as('n'))
      .where('project', '=', project)
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** How many unread and the oldest few summaries, in one statement: what every tool result's line needs. */
  async unreadDigest(sql: Sql, project: string, recipientId: string, shown: number): Promise<UnreadDigest> {
    const row = await sql.db
      .selectFrom('notifications')
      .select([raw<number>`count(*)::int`.as('n'), raw<string[] | null>`(array_agg(summary order by created_at, id))[1:${shown}]`.as('summaries')])
      .where('project', '=', project)
      .where('recipient_id', '=', recipientId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return { count: row?.n ?? 0, summaries: row?.summaries ?? [] };
  }

  /**
   * Who waits on a task that just got done: the claimant of each unfinished task depending on it, or its
   * assignee while nobody has claimed it (the task is theirs to take next).
   */
  async waitingOn(sql: Sql, project: string, taskId: string): Promise<{ readonly agentId: string; readonly taskKey: string; readonly title: string }[]> {
    const rows = await WAITING_ON(sql, { project, taskId });
    return rows.flatMap((r) => (r.agent_id === null ? [] : [{ agentId: r.agent_id, taskKey: r.key, title: r.title }]));
  }

  /** Deletes notifications and messages older than `maxAgeSeconds` (the event retention); returns how many notifications went. */
  async pruneOlderThan(sql: Sql, maxAgeSeconds: number): Promise<number> {
    const rows = await sql.db.deleteFrom('notifications').where('created_at', '<', olderThan(maxAgeSeconds)).returning(raw<number>`1`.as('one')).execute();
    await sql.db.deleteFrom('messages').where('created_at', '<', olderThan(maxAgeSeconds)).execute();
    return rows.length;
  }

  /** Writes a message; a message that starts a thread is its thread (thread id = its own id). */
  async insertMessage(sql: Sql, m: NewMessage): Promise<{ readonly messageId: string; readonly threadId: string }> {
    const id = randomUUID();
    const threadId = m.threadId ?? id;
    await sql.db
      .insertInto('messages')
      .values({
        id,
        project: m.project,
        thread_id: threadId,
        sender_id: m.senderId,
        sender_name: m.senderName,
        recipient_ids: [...m.recipientIds],
        task_id: m.taskId,
        mission_id: m.missionId,
        body: m.body,
      })
      .execute();
    return { messageId: id, threadId };
  }

  /** The thread of a task or mission (one each, started by its first message), or null before any message. */
  async threadOfSubject(sql: Sql, project: string, column: 'task_id' | 'mission_id', id: string): Promise<Thread | null> {
    const row = await sql.db.selectFrom('messages').select('thread_id').where('project', '=', project).where(column, '=', id).orderBy('created_at').limit(1).executeTakeFirst();
    return row ? this.thread(sql, project, row.thread_id) : null;
  }

  /** The thread a thread id (or the id of any message in it) names, in the project; null when none. */
  async thread(sql: Sql, project: string, ref: string): Promise<Thread | null> {
    const rows = await sql.db
      .selectFrom('messages')
      .select(['thread_id', 'sender_id', 'recipient_ids', 'task_id', 'mission_id'])
      .where('project', '=', project)
      .where('thread_id', '=', (eb) =>
        eb
          .selectFrom('messages')
          .select('thread_id')
          .where('project', '=', project)
          .where((inner) => inner.or([inner('id', '=', ref), inner('thread_id', '=', ref)]))
          .limit(1),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const first = rows[0];
    if (!first) return null;
    const participants: string[] = [];
    for (const row of rows) {
      for (const id of [row.sender_id, ...row.recipient_ids]) if (!participants.includes(id)) participants.push(id);
    }
    return { threadId: first.thread_id, participantIds: participants, taskId: first.task_id, missionId: first.mission_id };
  }

  /** The newest `limit` messages of a thread, oldest first, and how many older ones were left out: what get_thread shows. */
  async threadMessages(sql: Sql, project: string, threadId: string, limit: number): Promise<{ readonly messages: ThreadMessage[]; readonly earlier: number }> {
    const rows = await sql.db
      .selectFrom('messages')
      .select(['id', 'sender_id', 'sender_name', 'body', 'created_at'])
      .where('project', '=', project)
      .where('thread_id', '=', threadId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const kept = rows.slice(0, limit).reverse();
    let earlier = 0;
    if (rows.length > limit) {
      const counted = await sql.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('project', '=', project)
        .where('thread_id', '=', threadId)
        .executeTakeFirst();
      earlier = Number(counted?.n ?? 0) - limit;
    }
    return {
      messages: kept.map((row) => ({ message_id: row.id, sender_id: row.sender_id, sender: row.sender_name, body: row.body, created_at: row.created_at })),
      earlier,
    };
  }
}
