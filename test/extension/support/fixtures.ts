/** Wire objects for the extension's unit tests (snake_case, as the coordinator sends them). */
import type { Agent, CoordinatorEvent, Lock, Task } from '@agent-coordinator/shared';

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
