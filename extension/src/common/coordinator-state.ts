/**
 * The client's copy of the coordinator: agents, tasks and live locks, loaded from a snapshot and kept
 * current by applying events. Every event carries whole objects (or the ids it removes), so replaying, in
 * order, events that the snapshot already contains still ends in the server's state: the last event about
 * an entity wins. That is what lets the connection subscribe first and load the snapshot second.
 */
import type { Agent, CoordinatorEvent, Lock, Task } from '@agent-coordinator/shared';

export interface Snapshot {
  readonly agents: readonly Agent[];
  readonly tasks: readonly Task[];
  readonly locks: readonly Lock[];
}

export interface StateChange {
  readonly agents: boolean;
  readonly tasks: boolean;
  /** Paths or globs of locks that appeared, disappeared, changed holder, mode or task, or were renewed. */
  readonly lockPaths: readonly string[];
}

const lockIdentity = (lock: Lock): string => `${lock.path}\u0000${lock.held_by_id}\u0000${lock.mode}\u0000${lock.task_id ?? ''}`;

export class CoordinatorState {
  readonly #agents = new Map<string, Agent>();
  readonly #tasks = new Map<string, Task>();
  readonly #locks = new Map<string, Lock>();
  #loaded = false;

  /** False until the first snapshot: views show "connecting" rather than an empty board. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get agents(): readonly Agent[] {
    return [...this.#agents.values()];
  }

  get tasks(): readonly Task[] {
    return [...this.#tasks.values()];
  }

  get locks(): readonly Lock[] {
    return [...this.#locks.values()];
  }

  agent(agentId: string): Agent | undefined {
    return this.#agents.get(agentId);
  }

  task(taskIdOrKey: string): Task | undefined {
    return this.#tasks.get(taskIdOrKey) ?? [...this.#tasks.values()].find((t) => t.key === taskIdOrKey);
  }

  /** Replaces everything with a snapshot and reports what differs from before. */
  reset(snapshot: Snapshot): StateChange {
    const before = new Map([...this.#locks.values()].map((l) => [l.lock_id, l]));
    this.#agents.clear();
    this.#tasks.clear();
    this.#locks.clear();
    for (const agent of snapshot.agents) this.#agents.set(agent.agent_id, agent);
    for (const task of snapshot.tasks) this.#tasks.set(task.task_id, task);
    for (const lock of snapshot.locks) this.#locks.set(lock.lock_id, lock);
    this.#loaded = true;
    const changed = new Set<string>();
    for (const [id, lock] of before) {
      const now = this.#locks.get(id);
      if (!now || lockIdentity(now) !== lockIdentity(lock)) changed.add(lock.path);
    }
    for (const [id, lock] of this.#locks) {
      const was = before.get(id);
      if (!was || lockIdentity(was) !== lockIdentity(lock)) changed.add(lock.path);
    }
    return { agents: true, tasks: true, lockPaths: [...changed] };
  }

  /** Forgets everything (signed out, or switched servers). */
  clear(): StateChange {
    const paths = [...new Set([...this.#locks.values()].map((l) => l.path))];
    this.#agents.clear();
    this.#tasks.clear();
    this.#locks.clear();
    this.#loaded = false;
    return { agents: true, tasks: true, lockPaths: paths };
  }

  apply(event: CoordinatorEvent): StateChange {
    switch (event.type) {
      case 'agent.registered':
        this.#agents.set(event.agent.agent_id, event.agent);
        return { agents: true, tasks: false, lockPaths: [] };
      case 'audit.agent_standing_changed': {
        const agent = this.#agents.get(event.agent_id);
        if (agent) this.#agents.set(agent.agent_id, { ...agent, kind: event.kind, capabilities: [...event.capabilities] });
        return { agents: true, tasks: false, lockPaths: [] };
      }
      case 'agent.status_changed': {
        const agent = this.#agents.get(event.agent_id);
        if (agent) this.#agents.set(agent.agent_id, { ...agent, status: event.status });
        if (event.status !== 'offline') this.#touch(event.agent_id, event.at);
        return { agents: true, tasks: false, lockPaths: [] };
      }
      case 'task.created':
      case 'task.updated':
      case 'task.released':
        this.#tasks.set(event.task.task_id, event.task);
        return { agents: true, tasks: true, lockPaths: [] };
      case 'task.claimed': {
        this.#tasks.set(event.task.task_id, event.task);
        this.#touch(event.agent_id, event.at);
        return { agents: true, tasks: true, lockPaths: [] };
      }
      case 'lock.acquired': {
        const paths: string[] = [];
        for (const lock of event.locks) {
          const was = this.#locks.get(lock.lock_id);
          this.#locks.set(lock.lock_id, lock);
          this.#touch(lock.held_by_id, event.at);
          if (!was || lockIdentity(was) !== lockIdentity(lock) || was.expires_at !== lock.expires_at) paths.push(lock.path);
        }
        return { agents: true, tasks: false, lockPaths: paths };
      }
      case 'lock.released': {
        const paths: string[] = [];
        for (const released of event.locks) {
          if (this.#locks.delete(released.lock_id)) paths.push(released.path);
        }
        return { agents: true, tasks: false, lockPaths: paths };
      }
      case 'locks.renewed': {
        // A replayed renewal older than the snapshot must not move an expiry back: keep the later one.
        const paths: string[] = [];
        for (const renewed of event.locks) {
          const lock = this.#locks.get(renewed.lock_id);
          if (!lock || lock.expires_at >= renewed.expires_at) continue;
          this.#locks.set(lock.lock_id, { ...lock, expires_at: renewed.expires_at });
          paths.push(lock.path);
        }
        this.#touch(event.agent_id, event.last_heartbeat_at);
        return { agents: true, tasks: false, lockPaths: paths };
      }
      default:
        // An event type this client does not know yet (a newer server): nothing to apply.
        return { agents: false, tasks: false, lockPaths: [] };
    }
  }

  /** The agent was heard from at `at`: its liveness expiry moves with it, keeping the window the server gave. */
  #touch(agentId: string, at: string): void {
    const agent = this.#agents.get(agentId);
    if (!agent || agent.last_heartbeat_at >= at) return;
    const windowMs = Date.parse(agent.expires_at) - Date.parse(agent.last_heartbeat_at);
    const expires_at = Number.isFinite(windowMs) ? new Date(Date.parse(at) + windowMs).toISOString() : agent.expires_at;
    this.#agents.set(agentId, { ...agent, last_heartbeat_at: at, expires_at, status: agent.status === 'offline' ? 'idle' : agent.status });
  }
}
