/**
 * The open tasks a claim may hand out: ready (every dependency done), in claim order. Candidates are read
 * without row locks — claims are already serialised by the lock-space lock, and locking a whole page of
 * rows per batch was the most expensive statement of a claim. `markClaimed` re-checks each chosen row
 * instead, so a task changed meanwhile (cancelled, say) is simply not claimed. Candidates come from the
 * seeker's project only (a task depends only on tasks of its project, and its assignee is of it too).
 */
import type { Sql } from '../../db/database.ts';
import type { Task } from '@agent-coordinator/shared';
import { CLAIM_ORDER, TASK_COLUMNS, taskFromRow, taskKey } from '../task/task.rows.ts';

export interface Candidate {
  readonly id: string;
  readonly key: string;
  readonly capabilities: readonly string[];
  readonly files: readonly string[];
  readonly assigneeId: string | null;
  readonly missionId: string | null;
}

export const READY = `t.status = 'open' and not exists (
  select 1 from task_dependencies d join tasks dt on dt.id = d.depends_on_id where d.task_id = t.id and dt.status <> 'done')`;

export const toCandidate = (row: Record<string, unknown>): Candidate => ({
  id: String(row['id']),
  key: taskKey(row['key_number']),
  capabilities: Array.isArray(row['capabilities']) ? row['capabilities'].map(String) : [],
  files: Array.isArray(row['files']) ? row['files'].map(String) : [],
  assigneeId: row['assignee_id'] === null ? null : String(row['assignee_id']),
  missionId: row['mission_id'] === null || row['mission_id'] === undefined ? null : String(row['mission_id']),
});

/** Ready tasks of `project` in these agents' inboxes. */
export async function inboxCandidates(sql: Sql, project: string, agentIds: readonly string[]): Promise<Candidate[]> {
  if (agentIds.length === 0) return [];
  const rows = await sql.query(
    `select t.id, t.key_number, t.capabilities, t.files, t.assignee_id, t.mission_id from tasks t
     where t.project = $2 and t.assignee_id = any($1::uuid[]) and ${READY} order by ${CLAIM_ORDER}`,
    [[...agentIds], project],
  );
  return rows.map(toCandidate);
}

/** One page of ready tasks of `project` that are in nobody's inbox. */
export async function queueCandidates(sql: Sql, project: string, limit: number, offset: number): Promise<Candidate[]> {
  const rows = await sql.query(
    `select t.id, t.key_number, t.capabilities, t.files, t.assignee_id, t.mission_id from tasks t
     where t.project = $3 and t.assignee_id is null and ${READY} order by ${CLAIM_ORDER} limit $1 offset $2`,
    [limit, offset, project],
  );
  return rows.map(toCandidate);
}

export async function countOpen(sql: Sql, project: string): Promise<number> {
  const [row] = await sql.query(`select count(*)::int as n from tasks where project = $1 and status = 'open'`, [project]);
  return Number(row?.['n'] ?? 0);
}

/** Claims the chosen tasks that are still open; returns the tasks actually claimed, by id. */
export async function markClaimed(sql: Sql, claims: readonly { readonly taskId: string; readonly agentId: string }[]): Promise<Map<string, Task>> {
  if (claims.length === 0) return new Map();
  const rows = await sql.query(
    `update tasks as t set status = 'claimed', claimed_by_id = x.agent_id, claimed_at = now(), updated_at = now()
     from unnest($1::uuid[], $2::uuid[]) as x(task_id, agent_id) where t.id = x.task_id and t.status = 'open'
     returning ${TASK_COLUMNS}`,
    [claims.map((c) => c.taskId), claims.map((c) => c.agentId)],
  );
  return new Map(rows.map((row) => [String(row['id']), taskFromRow(row)]));
}

/** A named task (by an id already resolved in the seeker's project) as a candidate, with why it cannot be claimed (null when it can be offered). */
export async function namedCandidates(sql: Sql, taskIds: readonly string[]): Promise<Map<string, { candidate: Candidate; refusal: string | null }>> {
  if (taskIds.length === 0) return new Map();
  const rows = await sql.query(
    `select t.id, t.key_number, t.capabilities, t.files, t.assignee_id, t.mission_id, t.status, ${READY} as ready
     from tasks t where t.id = any($1::uuid[])`,
    [[...taskIds]],
  );
  return new Map(
    rows.map((row) => {
      const candidate = toCandidate(row);
      const refusal =
        row['status'] !== 'open'
          ? `${candidate.key} is ${String(row['status'])}, not open`
          : row['ready'] !== true
            ? `${candidate.key} waits for dependencies that are not done`
            : null;
      return [candidate.id, { candidate, refusal }];
    }),
  );
}
