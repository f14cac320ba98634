/**
 * One window's session with the coordinator: the API client, the live state, and the agents this window
 * acts as — the human (kind `human`, registered when the connection comes up) and, lazily, the Copilot
 * agent that the language-model tools act for. Both are kept alive with heartbeats, which also renew their
 * locks. Features receive this object from extension.ts; it holds no VS Code objects.
 */
import type { Agent, AgentKind, Task } from '@agent-coordinator/shared';
import { coordinatorErrorCode, createApi, createEventTransport, createPlanLoader, type CoordinatorApi, type Endpoint } from './coordinator-api.ts';
import { CoordinatorState } from './coordinator-state.ts';
import { DisposableStore, type Disposable } from './disposable.ts';
import { Emitter } from './emitter.ts';
import { LiveConnection, systemClock, type Clock, type EventTransport } from './live-connection.ts';
import { PlanSync, type PlanLoader } from './plan-sync.ts';
import { refusalOf } from './sign-in.ts';
import { ACTIVE } from './task-tree.ts';

export interface SessionSettings {
  readonly endpoint: Endpoint;
  /** The name the human is registered under. */
  readonly userName: string;
}

export interface SessionDependencies {
  readonly createApi?: (endpoint: Endpoint) => CoordinatorApi;
  readonly createTransport?: (endpoint: Endpoint, api: CoordinatorApi) => EventTransport;
  readonly createPlanLoader?: (api: CoordinatorApi) => PlanLoader;
  readonly clock?: Clock;
  readonly log?: (message: string) => void;
}

const MIN_HEARTBEAT_MS = 5_000;

export class CoordinatorSession implements Disposable {
  readonly state = new CoordinatorState();
  readonly connection: LiveConnection;
  /** Missions, sprints, coverage, approvals and policies. */
  readonly plan: PlanSync;
  readonly #store = new DisposableStore();
  readonly #identityEmitter = new Emitter<void>();
  readonly #settingsEmitter = new Emitter<SessionSettings>();
  readonly #deps: Required<SessionDependencies>;
  #settings: SessionSettings;
  #api: CoordinatorApi;
  /** Registered agents by name: the human and the ones tools act as. */
  readonly #agents = new Map<string, { readonly kind: AgentKind; readonly agent: Promise<Agent>; resolved: Agent | null }>();
  /** Bumped when the server changes: registrations for the previous one are ignored. */
  #generation = 0;
  #heartbeatTimer: unknown = null;
  #heartbeatMs = 20_000;
  #disposed = false;

  /** The human (or a tool agent) was registered or re-registered. */
  readonly onDidChangeIdentity = this.#identityEmitter.event;
  /** The server URL, token, project or user name changed. */
  readonly onDidChangeSettings = this.#settingsEmitter.event;

  constructor(settings: SessionSettings, deps: SessionDependencies = {}) {
    this.#deps = {
      createApi: deps.createApi ?? createApi,
      createTransport: deps.createTransport ?? createEventTransport,
      createPlanLoader: deps.createPlanLoader ?? createPlanLoader,
      clock: deps.clock ?? systemClock,
      log: deps.log ?? (() => undefined),
    };
    this.#settings = settings;
    this.#api = this.#deps.createApi(settings.endpoint);
    this.connection = this.#store.add(
      new LiveConnection(this.#deps.createTransport(settings.endpoint, this.#api), this.state, { clock: this.#deps.clock, refusal: refusalOf }),
    );
    this.plan = this.#store.add(new PlanSync(() => this.#deps.createPlanLoader(this.#api), { clock: this.#deps.clock, log: this.#deps.log }));
    this.#store.add(
      this.connection.onDidChangeStatus((status) => {
        if (status.kind === 'connected') {
          this.plan.connected();
          void this.#registerAll();
        } else {
          this.plan.disconnected();
        }
      }),
    );
    this.#store.add(this.connection.onDidReceive((message) => this.plan.receive(message)));
    this.#store.add(this.#identityEmitter);
    this.#store.add(this.#settingsEmitter);
  }

  get api(): CoordinatorApi {
    return this.#api;
  }

  get settings(): SessionSettings {
    return this.#settings;
  }

  get serverUrl(): string {
    return this.#settings.endpoint.url;
  }

  /** The human's agent record once registered. */
  get me(): Agent | null {
    return this.#agents.get(this.#settings.userName)?.resolved ?? null;
  }

  /** Ids of every agent this window acts as: "mine" in the views and decorations. */
  get selfIds(): ReadonlySet<string> {
    const ids = new Set<string>();
    for (const entry of this.#agents.values()) if (entry.resolved) ids.add(entry.resolved.agent_id);
    return ids;
  }

  /** The human's claimed or in-progress tasks, most recently updated first. */
  get myTasks(): readonly Task[] {
    const me = this.me;
    if (!me) return [];
    return this.state.tasks.filter((t) => t.claimed_by === me.agent_id && ACTIVE.includes(t.status)).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  }

  start(): void {
    if (!this.#disposed) this.connection.start();
  }

  /** Applies changed settings: another server, token or project reconnects from scratch; another name re-registers. */
  configure(settings: SessionSettings): void {
    const previous = this.#settings;
    this.#settings = settings;
    const endpointChanged =
      previous.endpoint.url !== settings.endpoint.url || previous.endpoint.token !== settings.endpoint.token || previous.endpoint.project !== settings.endpoint.project;
    if (endpointChanged) {
      this.#generation++;
      this.#agents.clear();
      this.#api = this.#deps.createApi(settings.endpoint);
      this.plan.clear();
      this.connection.replaceTransport(this.#deps.createTransport(settings.endpoint, this.#api));
      this.#identityEmitter.fire();
    } else if (previous.userName !== settings.userName) {
      this.#agents.delete(previous.userName);
      if (this.connection.status.kind === 'connected') void this.ensureMe().catch(() => undefined);
    }
    this.#settingsEmitter.fire(settings);
  }

  /** The human's agent, registering it (kind `human`) when needed. */
  ensureMe(): Promise<Agent> {
    return this.ensureAgent(this.#settings.userName, 'human');
  }

  /** An agent this window acts as, registered on first use and kept alive by the session's heartbeat. */
  ensureAgent(name: string, kind: AgentKind): Promise<Agent> {
    const existing = this.#agents.get(name);
    if (existing) return existing.agent;
    const agent = this.#register(name, kind, this.#generation);
    agent.catch(() => undefined); // callers see the rejection; the cached copy must not be "unhandled"
    this.#agents.set(name, { kind, agent, resolved: null });
    return agent;
  }

  async #register(name: string, kind: AgentKind, generation: number): Promise<Agent> {
    try {
      const agent = await this.#api.register_agent.mutate({ name, kind });
      const entry = this.#agents.get(name);
      if (generation !== this.#generation || !entry) return agent;
      entry.resolved = agent;
      const leaseMs = Date.parse(agent.expires_at) - Date.parse(agent.last_heartbeat_at);
      if (Number.isFinite(leaseMs) && leaseMs > 0) this.#heartbeatMs = Math.max(MIN_HEARTBEAT_MS, Math.floor(leaseMs / 3));
      this.#scheduleHeartbeat();
      this.#identityEmitter.fire();
      return agent;
    } catch (error) {
      // Forget the failed attempt so the next call (or reconnect) tries again.
      if (generation === this.#generation && this.#agents.get(name)?.resolved === null) this.#agents.delete(name);
      throw error;
    }
  }

  async #registerAll(): Promise<void> {
    const names = new Set([this.#settings.userName, ...this.#agents.keys()]);
    for (const name of names) {
      const kind = this.#agents.get(name)?.kind ?? 'human';
      this.#agents.delete(name);
      await this.ensureAgent(name, kind).catch((error: unknown) => this.#deps.log(`registering ${name} failed: ${String(error)}`));
    }
  }

  #scheduleHeartbeat(): void {
    if (this.#disposed) return;
    if (this.#heartbeatTimer !== null) this.#deps.clock.clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = this.#deps.clock.setTimeout(() => {
      this.#heartbeatTimer = null;
      void this.#heartbeat().finally(() => this.#scheduleHeartbeat());
    }, this.#heartbeatMs);
  }

  async #heartbeat(): Promise<void> {
    if (this.connection.status.kind !== 'connected') return;
    for (const [name, entry] of [...this.#agents]) {
      const agent = entry.resolved;
      if (!agent) continue;
      try {
        await this.#api.heartbeat.mutate({ agent_id: agent.agent_id });
      } catch (error) {
        if (coordinatorErrorCode(error) === 'NOT_FOUND') {
          // The server lost the agent (a new database): register again under the same name.
          this.#agents.delete(name);
          await this.ensureAgent(name, entry.kind).catch(() => undefined);
        } else {
          this.#deps.log(`heartbeat for ${name} failed: ${String(error)}`);
        }
      }
    }
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#heartbeatTimer !== null) this.#deps.clock.clearTimeout(this.#heartbeatTimer);
    this.#store.dispose();
  }
}
