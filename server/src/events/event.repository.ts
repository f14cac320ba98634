/**
 * The event log's statements (its repository; the numbering loop is event-log.ts). Typed from the event
 * entities (event.entity.ts), the append and the pages prepared, but for the sequencer's: a Kysely `sql`
 * template (its values bound by the builder) run on a reserved connection (`ReservedSql`), its rows parsed
 * (`SequencedRowSchema`).
 */
import { sql as raw } from 'kysely';
import { z } from 'zod';
import type { CoordinatorEvent, EventPayload } from '@agent-coordinator/shared';
import type { ReservedSql, Sql } from '../db/database.ts';
import { prepared } from '../db/prepared-statement.ts';
import { integerValue, timestampValue } from '../db/row-values.ts';

/** An event recorded by a change, with the project it belongs to (null: every project sees it). */
export interface ScopedPayload {
  readonly project: string | null;
  readonly payload: EventPayload;
}

/** An event row as the typed statements read it (event.entity.ts): seq a safe integer, created_at an ISO string. */
interface EventLogRow {
  readonly seq: number | null;
  readonly payload: EventPayload;
  readonly project: string | null;
  readonly created_at: string;
}

const EVENT_COLUMNS = ['seq', 'payload', 'project', 'created_at'] as const;

/** A numbered event row as the wire shows it. */
function toEvent(row: EventLogRow): CoordinatorEvent {
  if (row.seq === null) throw new Error('event log: an unnumbered event was read as numbered');
  return { ...row.payload, id: row.seq, at: row.created_at, project: row.project };
}

/**
 * Every change appends its events with it, so the statement is prepared and keeps its one round trip:
 * one row per event from `unnest` of three arrays (the payloads as JSON texts, cast to jsonb in SQL; a
 * prepared statement binds no JSON value, prepared-statement.ts).
 */
const APPEND = prepared<{ types: string[]; payloads: string[]; projects: (string | null)[] }>()((db, p) =>
  db
    .insertInto('events')
    .columns(['type', 'payload', 'project'])
    .expression(db.selectFrom(raw<{ type: string }>`unnest(${p.types}::text[], ${p.payloads}::jsonb[], ${p.projects}::text[])`.as('x')).selectAll()),
);

export async function appendEvents(sql: Sql, events: readonly ScopedPayload[]): Promise<void> {
  if (events.length === 0) return;
  await APPEND(sql, {
    types: events.map((e) => e.payload.type),
    payloads: events.map((e) => JSON.stringify(e.payload)),
    projects: events.map((e) => e.project),
  });
}

// Catching up (a subscriber, a replica, the outbox's publisher) pages through these: prepared.
const EVENTS_AFTER = prepared<{ after: number; limit: number }>()((db, p) => db.selectFrom('events').select(EVENT_COLUMNS).where('seq', '>', p.after).orderBy('seq').limit(p.limit));
const PROJECT_EVENTS_AFTER = prepared<{ project: string; after: number; limit: number }>()((db, p) =>
  db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('seq', '>', p.after)
    .where((eb) => eb.or([eb('project', '=', p.project), eb('project', 'is', null)]))
    .orderBy('seq')
    .limit(p.limit),
);

/** The numbered events after `after`, in order: what a subscriber or a replica catching up reads. */
export async function listEventsAfter(sql: Sql, after: number, limit: number): Promise<CoordinatorEvent[]> {
  return (await EVENTS_AFTER(sql, { after, limit })).map(toEvent);
}

/**
 * The numbered events after `after` that a caller in `project` may see (its own and the server-wide
 * ones), in order. Ids skip the other projects' events: a page of this is no basis for finding holes.
 */
export async function listProjectEventsAfter(sql: Sql, project: string, after: number, limit: number): Promise<CoordinatorEvent[]> {
  return (await PROJECT_EVENTS_AFTER(sql, { project, after, limit })).map(toEvent);
}

/** The sequence number of the last event numbered (0 before any). */
export async function logHead(sql: Sql): Promise<number> {
  const row = await sql.db.selectFrom('event_cursor').select('last_seq').executeTakeFirst();
  return row?.last_seq ?? 0;
}

/** The log holds only what `appendEvents` wrote: an object with its type, checked no further (a payload of any version). */
const isPayload = (value: unknown): value is EventPayload => typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';

/**
 * A row of the sequencer's statement (a template), which no column type read: seq a string on node-pg,
 * created_at a Date on PGlite. Parsed into the typed row's shape, never cast.
 */
const SequencedRowSchema = z.object({
  seq: integerValue,
  payload: z.custom<EventPayload>(isPayload, 'an event payload'),
  project: z.string().nullable(),
  created_at: timestampValue,
});

export interface RetentionPolicy {
  readonly maxAgeSeconds: number;
  readonly maxCount: number;
}

/**
 * Numbers the oldest unnumbered events, at most `limit`, in one statement, so one round trip: lock them,
 * advance the cursor by their count (the cursor row lock serialises sequencers, also across processes),
 * number them after the cursor's old value in id order. With nothing to number the cursor row is left
 * alone, so the idle calls every replica's sweeper makes each tick neither write nor wait for each other.
 */
export async function sequenceEvents(sequencer: ReservedSql, limit: number): Promise<CoordinatorEvent[]> {
  // A template: the reserved connection takes no builder bound before it is taken (ReservedSql).
  const rows = await sequencer.run(
    raw<unknown>`with locked as (select id from events where seq is null order by id limit ${limit} for update),
     pending as (select id, row_number() over (order by id) as n from locked),
     cursor as (
       update event_cursor set last_seq = last_seq + (select count(*) from locked)
       where exists (select 1 from locked)
       returning last_seq - (select count(*) from locked) as base)
     update events e set seq = cursor.base + pending.n from pending, cursor where e.id = pending.id
     returning e.seq, e.payload, e.project, e.created_at`,
  );
  return rows.map((row) => toEvent(SequencedRowSchema.parse(row))).sort((a, b) => a.id - b.id);
}

/** The oldest retained seq, or null when nothing is retained. */
export async function firstRetainedSeq(sql: Sql): Promise<number | null> {
  // Named `seq`, the minimum is read through seq's column type (a safe integer on both drivers).
  const row = await sql.db
    .selectFrom('events')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('seq', 'is not', null)
    .executeTakeFirst();
  return row?.seq ?? null;
}

/** Deletes numbered events older than the policy allows; returns how many went. */
export async function pruneEvents(sql: Sql, policy: RetentionPolicy): Promise<number> {
  const rows = await sql.db
    .deleteFrom('events')
    .where('seq', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', raw<string>`now() - make_interval(secs => ${policy.maxAgeSeconds})`),
        eb('seq', '<=', eb(eb.selectFrom('event_cursor').select('last_seq'), '-', policy.maxCount)),
      ]),
    )
    .returning('seq')
    .execute();
  return rows.length;
}
