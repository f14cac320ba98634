/**
 * The messages of one thread, newest `limit` of them returned oldest first, and how many older ones were
 * left out: what get_thread shows. A typed statement on the `Message` entity (inbox.entity.ts), kept out of
 * inbox.repository.ts while that file is being converted to typed statements (issue #14); it belongs there
 * once the conversion lands.
 */
import type { ThreadMessage } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';

export async function threadMessages(sql: Sql, project: string, threadId: string, limit: number): Promise<{ readonly messages: ThreadMessage[]; readonly earlier: number }> {
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
