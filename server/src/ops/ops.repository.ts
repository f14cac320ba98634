/**
 * The cluster's figures read at scrape (ops.ts): agents online, events not numbered yet, the log head
 * against the outbox's published watermark, and the readiness probe's ping. A read model of the agent and
 * event tables, typed from their entities; each read is one statement.
 */
import { sql as raw } from 'kysely';
import type { Sql } from '../db/database.ts';

const count = raw<number>`count(*)::int`.as('n');

export class OpsRepository {
  /** Agents not marked offline whose last heartbeat is within `livenessTimeoutSeconds`. */
  async activeAgents(sql: Sql, livenessTimeoutSeconds: number): Promise<number> {
    const row = await sql.db
      .selectFrom('agents')
      .select(count)
      .where('offline_at', 'is', null)
      .where('last_heartbeat_at', '>', raw<string>`now() - make_interval(secs => ${livenessTimeoutSeconds})`)
      .executeTakeFirst();
    return row?.n ?? 0;
  }

  /** Events committed and not numbered yet. */
  async unsequencedEvents(sql: Sql): Promise<number> {
    const row = await sql.db.selectFrom('events').select(count).where('seq', 'is', null).executeTakeFirst();
    return row?.n ?? 0;
  }

  /** The newest numbered event and the newest one the outbox recorded as published (0 when unread). */
  async logAndOutbox(sql: Sql): Promise<{ readonly lastSeq: number; readonly publishedSeq: number }> {
    const row = await sql.db.selectFrom(['event_cursor as c', 'event_outbox as o']).select(['c.last_seq', 'o.published_seq']).executeTakeFirst();
    return { lastSeq: row?.last_seq ?? 0, publishedSeq: row?.published_seq ?? 0 };
  }

  /** True when the database answers a trivial statement. */
  async ping(sql: Sql): Promise<boolean> {
    const rows = await sql.db.selectNoFrom(raw<number>`1`.as('ok')).execute();
    return rows.length === 1;
  }
}
