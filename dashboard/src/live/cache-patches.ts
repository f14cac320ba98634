/**
 * Applying an event's own contents to the cache instead of asking the server again, where the event
 * carries whole objects: tasks (task.*), locks (lock.acquired / lock.released / locks.renewed), runs
 * (run.held / run.started / run.finished), a run's output (run.output appends to an open output panel),
 * missions and sprints. Every other event, and every read the patch cannot
 * fully answer (the board's agent summaries, a task's history, coverage), is invalidated as before.
 *
 * Correctness rules, kept deliberately simple:
 * - A list that is not in the cache yet is left alone (its first fetch brings the event's effect).
 * - A list being fetched right now is invalidated instead (the response in flight may predate the event
 *   and would overwrite the patch); invalidation cancels that fetch and starts a fresh one.
 * - Events arrive in id order on one subscription, so applying whole objects in order converges; a
 *   `stream.resync` (events lost) still invalidates everything (live-events.ts).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { CoordinatorEvent, Lock, Mission, Run, RunEvent, RunOutput, Sprint, Task } from '@agent-coordinator/shared';
import { KEYS } from './query-keys.ts';

type Key = readonly string[];

/** Replaces the item with the same id, or appends it. */
export function upsert<T>(list: readonly T[], item: T, id: (value: T) => string): T[] {
  const wanted = id(item);
  const index = list.findIndex((value) => id(value) === wanted);
  return index === -1 ? [...list, item] : list.map((value, i) => (i === index ? item : value));
}

/**
 * Patches what the event's contents answer; returns the keys that must still be refetched. `patchable`
 * is false for a list being fetched, which is then invalidated instead.
 */
export function patchFromEvent(queries: QueryClient, event: CoordinatorEvent): Key[] {
  const patch = <T>(key: Key, change: (list: readonly T[]) => T[]): Key[] => {
    const state = queries.getQueryState(key);
    if (state === undefined || state.data === undefined) return [];
    if (state.fetchStatus === 'fetching') return [key];
    queries.setQueryData<readonly T[]>(key, (list) => (list === undefined ? list : change(list)));
    return [];
  };
  switch (event.type) {
    case 'task.created':
    case 'task.claimed':
    case 'task.updated':
    case 'task.released':
      // The board summary (agents' current tasks), task pages and coverage read more than the task; the
      // plan's mission and sprint counts are counted from the patched task list, so need no request.
      return [...patch<Task>(KEYS.tasks, (list) => upsert(list, event.task, (t) => t.task_id)), KEYS.board, KEYS.task, KEYS.coverage];
    case 'lock.acquired':
      return [...patch<Lock>(KEYS.locks, (list) => event.locks.reduce((acc, lock) => upsert(acc, lock, (l) => l.lock_id), [...list]).sort(byPath)), KEYS.board, KEYS.task];
    case 'lock.released': {
      const gone = new Set(event.locks.map((l) => l.lock_id));
      return [...patch<Lock>(KEYS.locks, (list) => list.filter((l) => !gone.has(l.lock_id))), KEYS.board, KEYS.task];
    }
    case 'locks.renewed': {
      const until = new Map(event.locks.map((l) => [l.lock_id, l.expires_at]));
      // A heartbeat also moves the agent's heartbeat age (board summary).
      return [...patch<Lock>(KEYS.locks, (list) => list.map((l) => ({ ...l, expires_at: until.get(l.lock_id) ?? l.expires_at }))), KEYS.board];
    }
    case 'run.output': {
      const key = [...KEYS.runOutput, event.run_id];
      const state = queries.getQueryState(key);
      if (state === undefined || state.data === undefined) return [];
      if (state.fetchStatus === 'fetching') return [key];
      queries.setQueryData<RunOutput>(key, (output) => (output === undefined ? output : { ...output, text: `${output.text}${outputLine(event.event)}\n` }));
      return [];
    }
    case 'run.held':
    case 'run.started':
    case 'run.finished':
      return [...patch<Run>(KEYS.runs, (list) => upsert(list, event.run, (r) => r.id)), KEYS.board];
    case 'mission.created':
    case 'mission.updated':
      return [...patch<Mission>(KEYS.missions, (list) => upsert(list, event.mission, (m) => m.mission_id)), KEYS.coverage];
    case 'sprint.created':
    case 'sprint.updated':
      return patch<Sprint>(KEYS.sprints, (list) => upsert(list, event.sprint, (s) => s.sprint_id));
    default:
      return staleKeys(event.type);
  }
}

const byPath = (a: Lock, b: Lock): number => a.path.localeCompare(b.path);

/** One output event as a line of the panel: log lines as the log file writes them, the rest described. */
export function outputLine(event: RunEvent): string {
  switch (event.kind) {
    case 'log':
      return `[${event.stream}] ${event.text}`;
    case 'progress':
      return `» ${event.text}`;
    case 'tool_use':
      return `» tool ${event.name}`;
    case 'files_touched':
      return `» files ${event.paths.join(', ')}`;
    case 'usage':
      return `» ${event.input_tokens} tokens in, ${event.output_tokens} out${event.cost_usd !== undefined ? `, $${event.cost_usd.toFixed(4)}` : ''}`;
  }
}

/** The reads an event of this type makes stale when its contents are not patched in. */
function staleKeys(type: string): Key[] {
  if (type.startsWith('task.')) return [KEYS.tasks, KEYS.board, KEYS.task, KEYS.coverage];
  if (type.startsWith('lock')) return [KEYS.locks, KEYS.board, KEYS.task];
  if (type.startsWith('agent.')) return [KEYS.agents, KEYS.board];
  if (type.startsWith('approval')) return [KEYS.approvals];
  if (type === 'policy.changed' || type === 'policy.file_rejected') return [KEYS.policies, KEYS.approvals];
  if (type.startsWith('policy')) return [KEYS.approvals];
  if (type.startsWith('objective') || type.startsWith('key_result') || type.startsWith('requirement')) return [KEYS.coverage, KEYS.task];
  if (type.startsWith('adapter.')) return [KEYS.adapters];
  return [];
}
