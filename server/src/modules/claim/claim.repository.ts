/**
 * The claim's statements (its repository). The open tasks a claim may hand out: ready (every dependency
 * done), in claim order. Candidates are read without row locks — claims are already serialised by the
 * lock-space lock, and locking a whole page of rows per batch was the most expensive statement of a claim. `claimWithLocks` re-checks each chosen row
 * instead, so a task changed meanwhile (cancelled, say) is simply not claimed. Candidates come from the
 * seeker's project only (a task depends only on tasks of its project, and its assignee is of it too).
 *
 * Statements are typed from the `Task` entity through the ORM's Kysely, but for the two of a claim batch:
 * `claimView` and `claimWithLocks` hand back several kinds of rows in one round trip as `json_agg`
 * columns (and `claimWithLocks` writes through data-modifying CTEs), which no column type reads whichever
 * way the statement is built. They stay SQL as written, exactly as measured, in Kysely `sql` templates
 * (the builder binds their values), and their JSON rows are parsed (`CandidateJsonSchema` here,
 * `taskFromJson` in task.rows.ts), never cast.
 */
import { sql as raw } from 'kysely';
import { z } from 'zod';
import { TaskStatusSchema, type Lock, type LockMode, type Task } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { int, jsonRows } from '../../db/row-values.ts';
import type { LockedPattern } from '../lock/lock-index.ts';
import { CLAIM_ORDER, TASK_COLUMNS, taskFromJson } from '../task/task.rows.ts';
import { taskKey } from '../../common/task-key.ts';
import { insertLocks, lockFromUntypedRow, lockSelectFrom, type NewLock } from '../lock/lock.rows.ts';

export interface Candidate {
  readonly id: string;
  readonly key: string;
  readonly capabilities: readonly string[];
  readonly files: readonly string[];
  readonly assigneeId: string | null;
  readonly missionId: string | null;
}

/** A task `t` is ready: open, every dependency done (the literal `status = 'open'` lets `tasks_open_queue` serve). */
const ready = raw.raw<boolean>(`t.status = 'open' and not exists (
  select 1 from task_dependencies d join tasks dt on dt.id = d.depends_on_id where d.task_id = t.id and dt.status <> 'done')`);

/** A candidate's columns, over a task `t`. */
const CANDIDATE_FIELDS = ['t.id', 't.key_number', 't.capabilities', 't.files', 't.assignee_id', 't.mission_id'] as const;
const CANDIDATE_COLUMNS = raw.raw(CANDIDATE_FIELDS.join(', '));

/** A candidate row: typed by a statement, or parsed from the claim view's JSON (`CandidateJsonSchema`). */
interface CandidateRow {
  readonly id: string;
  readonly key_number: number;
  readonly capabilities: readonly string[];
  readonly files: readonly string[];
  readonly assignee_id: string | null;
  readonly mission_id: string | null;
}

const toCandidate = (row: CandidateRow): Candidate => ({
  id: row.id,
  key: `T-${row.key_number}`,
  capabilities: row.capabilities,
  files: row.files,
  assigneeId: row.assignee_id,
  missionId: row.mission_id,
});

/** The candidates of the claim view's JSON columns (`json_agg` gives the key number as a JSON number). */
const CandidateJsonSchema = z.array(
  z.object({
    id: z.string(),
    key_number: z.number().transform(int),
    capabilities: z.array(z.string()),
    files: z.array(z.string()),
    assignee_id: z.string().nullable(),
    mission_id: z.string().nullable(),
  }),
);
const candidatesFromJson = (value: unknown): Candidate[] => CandidateJsonSchema.parse(value ?? []).map(toCandidate);

/** The claim view's one row: three JSON columns, each parsed by its reader (`lockedPatterns`, `candidatesFromJson`). */
interface ClaimViewRow {
  readonly locks: unknown;
  readonly inbox: unknown;
  readonly queue: unknown;
}

/** `claimWithLocks`'s one row: the tasks claimed and their new locks, as JSON (`taskFromJson`, `lockFromUntypedRow`). */
interface ClaimedRow {
  readonly tasks: unknown;
  readonly locks: unknown;
}

/** The claim order over a subquery `c` that kept the ordering columns. */
const CLAIM_ORDER_OF_C = raw.raw('c.priority_rank desc, c.created_at, c.key_number');

/** What a claim batch decides on in one project, read under the lock-space lock. */
export interface ClaimView {
  /** The live locks, with just what deciding a conflict takes: a claim skips a task whose files are held, it names no holder. */
  readonly locks: LockedPattern[];
  readonly inbox: Candidate[];
  readonly queue: Candidate[];
}

/**
 * One round trip under the lock-space lock: the live locks of `project`, the ready tasks in these
 * agents' inboxes, and the first `pageSize` ready tasks of its queue (each as a JSON array, since the
 * three have different shapes). Further pages, rarely needed, come from `queueCandidates`. The locks come
 * as bare [path, mode, holder] triples without joins: a batch reads every live lock of the project, and
 * with thousands held that read was most of the batch.
 */
export async function claimView(sql: Sql, project: string, agentIds: readonly string[], pageSize: number): Promise<ClaimView> {
  // A template: three kinds of rows as JSON in one round trip (see the module comment).
  const {
    rows: [row],
  } = await raw<ClaimViewRow>`select
       (select coalesce(json_agg(json_build_array(l.path, l.mode, l.agent_id)), '[]') from file_locks l
          where l.project = ${project} and l.expires_at > now()) as locks,
       (select coalesce(json_agg(c order by ${CLAIM_ORDER_OF_C}), '[]') from (
          select ${CANDIDATE_COLUMNS}, t.priority_rank, t.created_at from tasks t
          where t.project = ${project} and t.assignee_id = any(${[...agentIds]}::uuid[]) and ${ready}) c) as inbox,
       (select coalesce(json_agg(c order by ${CLAIM_ORDER_OF_C}), '[]') from (
          select ${CANDIDATE_COLUMNS}, t.priority_rank, t.created_at from tasks t
          where t.project = ${project} and t.assignee_id is null and ${ready} order by ${CLAIM_ORDER} limit ${pageSize}) c) as queue`.execute(sql.db);
  return { locks: lockedPatterns(row?.locks), inbox: candidatesFromJson(row?.inbox), queue: candidatesFromJson(row?.queue) };
}

const isLockMode = (value: unknown): value is LockMode => value === 'exclusive' || value === 'shared';

/**
 * The locks column of the claim view: a JSON array of [path, mode, holder] triples. Checked by hand rather
 * than by a schema: a batch reads every live lock of the project, thousands of them at times.
 */
function lockedPatterns(value: unknown): LockedPattern[] {
  if (!Array.isArray(value)) return [];
  return value.map((triple: unknown) => {
    const [path, mode, holder]: unknown[] = Array.isArray(triple) ? triple : [];
    if (typeof path !== 'string' || !isLockMode(mode) || typeof holder !== 'string') throw new Error(`claim view: expected a [path, mode, holder] lock, got ${JSON.stringify(triple)}`);
    return { path, mode, held_by_id: holder };
  });
}

/**
 * Claims the chosen tasks that are still open and, in the same statement, inserts the locks of the
 * ones claimed: the tasks actually claimed by id, and their new locks.
 */
export async function claimWithLocks(
  sql: Sql,
  claims: readonly { readonly taskId: string; readonly agentId: string }[],
  locks: readonly NewLock[],
): Promise<{ readonly tasks: Map<string, Task>; readonly locks: Lock[] }> {
  if (claims.length === 0) return { tasks: new Map(), locks: [] };
  // A template: two data-modifying CTEs read back as JSON in one round trip (see the module comment).
  const {
    rows: [row],
  } = await raw<ClaimedRow>`with claimed as (
       update tasks as t set status = 'claimed', claimed_by_id = x.agent_id, claimed_at = now(), updated_at = now()
       from unnest(${claims.map((c) => c.taskId)}::uuid[], ${claims.map((c) => c.agentId)}::uuid[]) as x(task_id, agent_id)
       where t.id = x.task_id and t.status = 'open'
       returning ${TASK_COLUMNS}),
     inserted as (${insertLocks(locks, raw`where x.task_id in (select id from claimed)`)})
     select (select coalesce(json_agg(c), '[]') from claimed c) as tasks,
            (select coalesce(json_agg(x order by x.path), '[]') from (${lockSelectFrom('inserted')}) x) as locks`.execute(sql.db);
  const tasks = jsonRows(row?.tasks).map(taskFromJson);
  return { tasks: new Map(tasks.map((t) => [t.task_id, t])), locks: jsonRows(row?.locks).map(lockFromUntypedRow) };
}

/** A task as a candidate if it is ready, its row locked until the transaction ends (an approved claim's re-check); else null. */
export async function lockReadyCandidate(sql: Sql, taskId: string): Promise<Candidate | null> {
  const row = await sql.db.selectFrom('tasks as t').select(CANDIDATE_FIELDS).where('t.id', '=', taskId).where(ready).forUpdate('t').executeTakeFirst();
  return row ? toCandidate(row) : null;
}

/** One page of ready tasks of `project` that are in nobody's inbox. */
export async function queueCandidates(sql: Sql, project: string, limit: number, offset: number): Promise<Candidate[]> {
  const rows = await sql.db
    .selectFrom('tasks as t')
    .select(CANDIDATE_FIELDS)
    .where('t.project', '=', project)
    .where('t.assignee_id', 'is', null)
    .where(ready)
    .orderBy(CLAIM_ORDER)
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toCandidate);
}

export async function countOpen(sql: Sql, project: string): Promise<number> {
  const row = await sql.db
    .selectFrom('tasks')
    .select(raw<number>`count(*)::int`.as('n'))
    .where('project', '=', project)
    .where('status', '=', raw.lit('open'))
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** The blockers column of `namedCandidates`: a JSON array of [key number, status] pairs. */
const BlockersSchema = z.array(z.tuple([z.number(), TaskStatusSchema]));

/** A named task (by an id already resolved in the seeker's project) as a candidate, with why it cannot be claimed (null when it can be offered). */
export async function namedCandidates(sql: Sql, taskIds: readonly string[]): Promise<Map<string, { candidate: Candidate; refusal: string | null }>> {
  if (taskIds.length === 0) return new Map();
  const rows = await sql.db
    .selectFrom('tasks as t')
    .select([
      ...CANDIDATE_FIELDS,
      't.status',
      ready.as('ready'),
      raw<unknown>`(select coalesce(json_agg(json_build_array(dt.key_number, dt.status) order by dt.key_number), '[]')
          from task_dependencies d join tasks dt on dt.id = d.depends_on_id where d.task_id = t.id and dt.status <> 'done')`.as('blockers'),
    ])
    .where('t.id', '=', (eb) => eb.fn.any(eb.val([...taskIds])))
    .execute();
  return new Map(
    rows.map((row) => {
      const candidate = toCandidate(row);
      const refusal = row.status !== 'open' ? `${candidate.key} is ${row.status}, not open` : row.ready !== true ? blockedRefusal(candidate.key, BlockersSchema.parse(row.blockers)) : null;
      return [candidate.id, { candidate, refusal }];
    }),
  );
}

/** Why a task whose dependencies are not done cannot be claimed, naming each blocker by key and status. */
function blockedRefusal(key: string, blockers: z.output<typeof BlockersSchema>): string {
  const named = blockers.map(([n, status]) => `${taskKey(n)} (${status.replace('_', ' ')})`);
  if (named.length === 0) return `${key} waits for dependencies that are not done`;
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  return `${key} is blocked by ${list}: claim it once ${named.length === 1 ? 'that task is' : 'they are'} done`;
}
