/** Wire objects for the extension's and the dashboard's unit tests (snake_case, as the coordinator sends them). */
import type { Agent, Approval, CoordinatorEvent, CoverageReport, KnowledgeEntry, Lock, Mission, Sprint, Task } from '@agent-coordinator/shared';

let counter = 0;
export const uuid = (n: number = ++counter): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const T0 = Date.parse('2026-11-21T14:00:00.000Z');
export const iso = (offsetMs = 0): string => new Date(T0 + offsetMs).toISOString();

export function agent(over: Partial<Agent> & { agent_id: string; name: string }): Agent {
  return { kind: 'other', capabilities: [], status: 'idle', last_heartbeat_at: iso(), expires_at: iso(60_000), ...over };
}

export function task(over: Partial<Task> & { task_id: string; key: string }): Task {
  return {
    title: `Task ${over.key}`,
    description: '',
    priority: 'normal',
    status: 'open',
    capabilities: [],
    files: [],
    depends_on: [],
    mission_id: null,
    sprint_id: null,
    assignee: null,
    claimed_by: null,
    progress_note: null,
    summary: null,
    created_at: iso(),
    updated_at: iso(),
    ...over,
  };
}

export function lock(over: Partial<Lock> & { lock_id: string; path: string; held_by_id: string; held_by: string }): Lock {
  return { mode: 'exclusive', task_id: null, task_key: null, reason: null, acquired_at: iso(), expires_at: iso(300_000), fencing_token: 1, ...over };
}

let eventId = 0;
export const resetEventIds = (start = 0): void => {
  eventId = start;
};
export function event<E extends CoordinatorEvent>(payload: Omit<E, 'id' | 'at'>, id: number = ++eventId): E {
  return { ...payload, id, at: iso(id * 1000) } as E;
}

const NO_TASKS = { open: 0, claimed: 0, in_progress: 0, done: 0, failed: 0, cancelled: 0 };

export function mission(over: Partial<Mission> & { mission_id: string; name: string }): Mission {
  return { description: '', status: 'active', owner: null, principals: [], tasks: NO_TASKS, created_at: iso(), updated_at: iso(), ...over };
}

export function sprint(over: Partial<Sprint> & { sprint_id: string; name: string }): Sprint {
  return { goal: '', status: 'planned', starts_at: null, ends_at: null, missions: [], tasks: NO_TASKS, created_at: iso(), updated_at: iso(), ...over };
}

export function approval(over: Partial<Approval> & { approval_id: string }): Approval {
  return {
    status: 'pending',
    operation: 'lock',
    policy: 'protect-migrations',
    message: 'schema changes need a human',
    summary: 'lock migrations/001.sql (exclusive) for bob',
    requester_id: null,
    requester_name: 'bob',
    task_id: null,
    task_key: null,
    paths: ['migrations/001.sql'],
    to_status: null,
    decided_by: null,
    decided_by_name: null,
    decision_note: null,
    result_note: null,
    created_at: iso(),
    expires_at: iso(24 * 3600 * 1000),
    decided_at: null,
    ...over,
  };
}

export function knowledgeEntry(over: Partial<KnowledgeEntry> & { key: string; title: string }): KnowledgeEntry {
  return { knowledge_id: uuid(), kind: 'note', body: 'body', tags: [], files: [], tasks: [], author: null, created_at: iso(), updated_at: iso(), ...over };
}

/** One objective with one key result and the given requirements, with the server's arithmetic. */
export function coverageReport(requirements: readonly { key: string; title: string; tasks: { task_id: string; key: string; status: Task['status'] }[] }[]): CoverageReport {
  const reqs = requirements.map((r, i) => {
    const counted = r.tasks.filter((t) => t.status !== 'cancelled');
    const done = counted.filter((t) => t.status === 'done').length;
    return {
      requirement_id: uuid(900 + i),
      key: r.key,
      title: r.title,
      tasks: r.tasks.map((t) => ({ ...t, title: `Task ${t.key}` })),
      task_count: counted.length,
      done_count: done,
      covered: counted.length > 0,
      progress_percent: counted.length === 0 ? 0 : Math.round((1000 * done) / counted.length) / 10,
    };
  });
  const covered = reqs.filter((r) => r.covered).length;
  const stats = {
    requirement_count: reqs.length,
    uncovered_count: reqs.length - covered,
    task_count: reqs.reduce((n, r) => n + r.task_count, 0),
    done_count: reqs.reduce((n, r) => n + r.done_count, 0),
    covered_percent: reqs.length === 0 ? 0 : Math.round((1000 * covered) / reqs.length) / 10,
    done_percent: reqs.length === 0 ? 0 : Math.round((10 * reqs.reduce((n, r) => n + r.progress_percent, 0)) / reqs.length) / 10,
  };
  const uncovered = reqs.filter((r) => !r.covered).map((r) => r.key);
  const keyResult = { ...stats, key_result_id: uuid(800), key: 'KR-1', title: 'p95 below 200 ms', target: 200, current: 50, unit: 'ms', measured_percent: 25, requirements: reqs, uncovered };
  const objective = { ...stats, objective_id: uuid(700), key: 'O-1', title: 'Faster checkout', mission_id: null, key_results: [keyResult], uncovered };
  return { mission_id: null, objectives: [objective], totals: { ...stats, objective_count: 1, key_result_count: 1 }, generated_at: iso() };
}

export type EventOf<T extends CoordinatorEvent['type']> = Extract<CoordinatorEvent, { type: T }>;
/** An event of one type (numbered like `event`), its payload checked against that type. */
export const eventOf = <T extends CoordinatorEvent['type']>(payload: Omit<EventOf<T>, 'id' | 'at'> & { readonly type: T }): EventOf<T> => event<EventOf<T>>(payload);
