/**
 * The outbox publisher's lease and watermark: the one-row `event_outbox` (event.entity.ts), typed from its
 * entity. One replica at a time holds the lease and publishes; it writes how far it published with each
 * renewal, so the next leader starts there (outbox-publisher.ts).
 */
import { sql as raw } from 'kysely';
import type { Sql } from '../db/database.ts';

/** Where a lease taken or renewed leaves the publisher: the watermark, and the log's head. */
export interface OutboxLease {
  readonly publishedSeq: number;
  readonly lastSeq: number;
}

const now = raw<string>`now()`;

export class OutboxRepository {
  /**
   * Renews the replica's lease, or takes it when free or lapsed, raising the watermark to `published`
   * (null: leaves it); null when another replica holds a live lease.
   */
  async renewLease(sql: Sql, replicaId: string, leaseSeconds: number, published: number | null): Promise<OutboxLease | null> {
    const row = await sql.db
      .updateTable('event_outbox')
      .set((eb) => ({
        leader: replicaId,
        lease_expires_at: raw<string>`now() + make_interval(secs => ${leaseSeconds})`,
        published_seq: eb.fn<number>('greatest', ['published_seq', eb.fn.coalesce(eb.val(published), eb.ref('published_seq'))]),
      }))
      .where((eb) => eb.or([eb('leader', '=', replicaId), eb('leader', 'is', null), eb('lease_expires_at', '<', now)]))
      // Named `last_seq`, the head is read through the cursor's column type (a safe integer on both drivers).
      .returning((eb) => ['published_seq', eb.selectFrom('event_cursor').select('last_seq').as('last_seq')])
      .executeTakeFirst();
    return row ? { publishedSeq: row.published_seq, lastSeq: row.last_seq ?? 0 } : null;
  }

  /** Gives the lease up (if the replica holds it), raising the watermark to `published`. */
  async giveUpLease(sql: Sql, replicaId: string, published: number): Promise<void> {
    await sql.db
      .updateTable('event_outbox')
      .set((eb) => ({ leader: null, lease_expires_at: null, published_seq: eb.fn<number>('greatest', ['published_seq', eb.val(published)]) }))
      .where('leader', '=', replicaId)
      .execute();
  }
}
