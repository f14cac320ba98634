/**
 * The inbox's SQL: notifications (written, bounded per recipient, taken and marked read in one
 * statement, pruned by age) and messages (written, their thread's participants read back). Every
 * statement is scoped by project and recipient; the tables are in inbox.entity.ts and m011-inbox.
 */
import { randomUUID } from 'node:crypto';
import { INBOX_LIMITS, NotificationKindSchema, type Notification, type NotificationKind } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { int, isoTime, isoTimeOrNull, text, textArray, textOrNull } from '../../db/row-values.ts';

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

const COLUMNS = 'id, kind, summary, sender_id, sender_name, thread_id, body, details, created_at, read_at';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function notificationFromRow(row: Row): Notification {
  return {
    notification_id: text(row['id']),
    kind: NotificationKindSchema.parse(row['kind']),
    summary: text(row['summary']),
    sender: textOrNull(row['sender_name']),
    sender_id: textOrNull(row['sender_id']),
    thread_id: textOrNull(row['thread_id']),
    body: textOrNull(row['body']),
    details: isRecord(row['details']) ? row['details'] : {},
    created_at: isoTime(row['created_at']),
    read_at: isoTimeOrNull(row['read_at']),
  };
}

export class InboxRepository {
  /** Writes one notification and drops the recipient's oldest beyond the per-agent bound; returns its id. */
  async insert(sql: Sql, n: NewNotification): Promise<string> {
    const id = randomUUID();
    await sql.query(
      `insert into notifications (id, project, recipient_id, kind, summary, sender_id, sender_name, thread_id, body, details)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
      [id, n.project, n.recipientId, n.kind, n.summary, n.senderId ?? null, n.senderName ?? null, n.threadId ?? null, n.body ?? null, JSON.stringify(n.details ?? {})],
    );
    await sql.query(
      `delete from notifications where id in (
         select id from notifications where recipient_id = $1 order by created_at desc, id offset $2)`,
      [n.recipientId, INBOX_LIMITS.perAgent],
    );
    return id;
  }

  /**
   * The recipient's oldest unread notifications, marked read by the same statement. Rows another caller
   * is taking at this moment are skipped, so two readers racing never both get one notification.
   */
  async takeUnread(sql: Sql, project: string, recipientId: string, limit: number): Promise<Notification[]> {
    const rows = await sql.query(
      `update notifications set read_at = clock_timestamp() where id in (
         select id from notifications where project = $1 and recipient_id = $2 and read_at is null
         order by created_at, id limit $3 for update skip locked)
       returning ${COLUMNS}`,
      [project, recipientId, limit],
    );
    return rows.map(notificationFromRow).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  /** The newest notifications, read or not (oldest first among them); the unread ones among them are marked read. */
  async takeRecent(sql: Sql, project: string, recipientId: string, limit: number): Promise<Notification[]> {
    const rows = await sql.query(`select ${COLUMNS} from notifications where project = $1 and recipient_id = $2 order by created_at desc, id limit $3`, [
      project,
      recipientId,
      limit,
    ]);
    const unread = rows.filter((r) => r['read_at'] === null || r['read_at'] === undefined).map((r) => text(r['id']));
    if (unread.length > 0) await sql.query(`update notifications set read_at = clock_timestamp() where id = any($1::uuid[]) and read_at is null`, [unread]);
    return rows.map(notificationFromRow).reverse();
  }

  async unreadCount(sql: Sql, project: string, recipientId: string): Promise<number> {
    const [row] = await sql.query(`select count(*) as n from notifications where project = $1 and recipient_id = $2 and read_at is null`, [project, recipientId]);
    return int(row?.['n'] ?? 0);
  }

  /** How many unread and the oldest few summaries, in one statement: what every tool result's line needs. */
  async unreadDigest(sql: Sql, project: string, recipientId: string, shown: number): Promise<UnreadDigest> {
    const [row] = await sql.query(
      `select count(*) as n,
              (array_agg(summary order by created_at, id))[1:$3] as summaries
       from notifications where project = $1 and recipient_id = $2 and read_at is null`,
      [project, recipientId, shown],
    );
    return { count: int(row?.['n'] ?? 0), summaries: textArray(row?.['summaries']) };
  }

  /**
   * Who waits on a task that just got done: the claimant of each unfinished task depending on it, or its
   * assignee while nobody has claimed it (the task is theirs to take next).
   */
  async waitingOn(sql: Sql, project: string, taskId: string): Promise<{ readonly agentId: string; readonly taskKey: string; readonly title: string }[]> {
    const rows = await sql.query(
      `select coalesce(t.claimed_by_id, t.assignee_id) as agent_id, 'T-' || t.key_number as key, t.title
       from task_dependencies d join tasks t on t.id = d.task_id
       where d.depends_on_id = $1 and t.project = $2 and t.status not in ('done', 'failed', 'cancelled')
         and coalesce(t.claimed_by_id, t.assignee_id) is not null`,
      [taskId, project],
    );
    return rows.map((r) => ({ agentId: text(r['agent_id']), taskKey: text(r['key']), title: text(r['title']) }));
  }

  /** Deletes notifications and messages older than `maxAgeSeconds` (the event retention); returns how many notifications went. */
  async pruneOlderThan(sql: Sql, maxAgeSeconds: number): Promise<number> {
    const rows = await sql.query(`delete from notifications where created_at < now() - make_interval(secs => $1) returning 1`, [maxAgeSeconds]);
    await sql.query(`delete from messages where created_at < now() - make_interval(secs => $1)`, [maxAgeSeconds]);
    return rows.length;
  }

  /** Writes a message; a message that starts a thread is its thread (thread id = its own id). */
  async insertMessage(sql: Sql, m: NewMessage): Promise<{ readonly messageId: string; readonly threadId: string }> {
    const id = randomUUID();
    const threadId = m.threadId ?? id;
    await sql.query(
      `insert into messages (id, project, thread_id, sender_id, sender_name, recipient_ids, task_id, mission_id, body)
       values ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9)`,
      [id, m.project, threadId, m.senderId, m.senderName, [...m.recipientIds], m.taskId, m.missionId, m.body],
    );
    return { messageId: id, threadId };
  }

  /** The thread of a task or mission (one each, started by its first message), or null before any message. */
  async threadOfSubject(sql: Sql, project: string, column: 'task_id' | 'mission_id', id: string): Promise<Thread | null> {
    const [row] = await sql.query(`select thread_id from messages where project = $1 and ${column} = $2 order by created_at limit 1`, [project, id]);
    return row ? this.thread(sql, project, text(row['thread_id'])) : null;
  }

  /** The thread a thread id (or the id of any message in it) names, in the project; null when none. */
  async thread(sql: Sql, project: string, ref: string): Promise<Thread | null> {
    const rows = await sql.query(
      `select thread_id, sender_id, recipient_ids::text[] as recipient_ids, task_id, mission_id from messages
       where project = $1 and thread_id = (select thread_id from messages where project = $1 and (id = $2 or thread_id = $2) limit 1)
       order by created_at, id`,
      [project, ref],
    );
    const first = rows[0];
    if (!first) return null;
    const participants: string[] = [];
    for (const row of rows) {
      for (const id of [text(row['sender_id']), ...textArray(row['recipient_ids'])]) if (!participants.includes(id)) participants.push(id);
    }
    return { threadId: text(first['thread_id']), participantIds: participants, taskId: textOrNull(first['task_id']), missionId: textOrNull(first['mission_id']) };
  }
}
