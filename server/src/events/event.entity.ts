/**
 * The event log (m001, m004, m006): events appended in the transaction of their change (seq null), numbered
 * in commit order by the sequencer through the one-row `event_cursor`, and published to NATS as far as the
 * one-row `event_outbox` says.
 */
import { defineEntity, p } from '@mikro-orm/core';
import type { EventPayload } from '@agent-coordinator/shared';
import { safeBigint, time } from '../db/column-types.ts';

export const EventRow = defineEntity({
  name: 'EventRow',
  tableName: 'events',
  properties: {
    id: safeBigint().primary().autoincrement(),
    seq: safeBigint().nullable().unique('events_seq_key'),
    type: p.text(),
    // What appendEvents writes, its one writer: an EventPayload (the type says so; the column is jsonb).
    payload: p.json<EventPayload>(),
    project: p.text().nullable(),
    createdAt: time().defaultRaw('now()'),
  },
  indexes: [{ name: 'events_unsequenced', properties: ['id'], where: 'seq is null' }],
});

export const EventCursor = defineEntity({
  name: 'EventCursor',
  tableName: 'event_cursor',
  properties: {
    singleton: p.boolean().primary().default(true),
    lastSeq: safeBigint(),
  },
  checks: [{ name: 'event_cursor_singleton_check', expression: 'singleton' }],
});

export const EventOutbox = defineEntity({
  name: 'EventOutbox',
  tableName: 'event_outbox',
  properties: {
    singleton: p.boolean().primary().default(true),
    publishedSeq: safeBigint(),
    leader: p.text().nullable(),
    leaseExpiresAt: time().nullable(),
  },
  checks: [{ name: 'event_outbox_singleton_check', expression: 'singleton' }],
});
