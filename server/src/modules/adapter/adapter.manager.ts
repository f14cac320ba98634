/**
 * The adapter manager: the built-in adapters plus the configured `command:<name>` ones, their health
 * checked once in the background at start, every `healthIntervalMs` and on demand, and a server-wide
 * `adapter.health_changed` event whenever an adapter's health differs from the previous reading.
 *
 * The first reading of an adapter is not a change: it is recorded silently (the list shows it), so a
 * server start adds no events, and a dashboard or log watcher hears only of real changes — an adapter
 * found, lost, logged in or out. Probes are cheap by the adapter contract (no model call; an adapter
 * that is not configured answers without touching the network).
 */
import { CoordinatorError, type AdapterHealth, type AdaptersFile } from '@agent-coordinator/shared';
import type { AgentAdapter } from './agent-adapter.ts';
import { BUILT_IN_ADAPTERS, type AdapterContext, type AdapterFactory } from './built-in-adapters.ts';
import { CommandAdapter } from './command.adapter.ts';
import type { StopTimings } from './process-group.ts';

export interface AdapterStatus {
  readonly name: string;
  readonly kind: string;
  readonly health: AdapterHealth | null;
  readonly checked_at: string | null;
}

export interface AdapterManagerOptions {
  readonly context: AdapterContext;
  readonly file: AdaptersFile;
  readonly healthIntervalMs: number;
  /** Records a health change (a server-wide event). */
  readonly onHealthChanged: (adapter: string, health: AdapterHealth, previous: AdapterHealth) => Promise<void>;
  readonly onError: (error: unknown) => void;
  readonly builtIns?: readonly AdapterFactory[];
  /** Stop timings for command adapters (tests shorten them). */
  readonly stopTimings?: StopTimings;
}

const sameHealth = (a: AdapterHealth | null, b: AdapterHealth): boolean =>
  a !== null && a.installed === b.installed && a.version === b.version && a.authenticated === b.authenticated && a.reachable === b.reachable && a.reason === b.reason;

export class AdapterManager {
  readonly #adapters = new Map<string, AgentAdapter>();
  readonly #health = new Map<string, { health: AdapterHealth; at: string }>();
  readonly #options: AdapterManagerOptions;
  #timer: NodeJS.Timeout | undefined;
  #checking: Promise<void> | undefined;

  constructor(options: AdapterManagerOptions) {
    this.#options = options;
    for (const factory of options.builtIns ?? BUILT_IN_ADAPTERS) this.#add(factory(options.context));
    for (const [name, config] of Object.entries(options.file.commands ?? {})) this.#add(new CommandAdapter(name, config, options.context.repoRoot, options.stopTimings));
  }

  #add(adapter: AgentAdapter): void {
    if (this.#adapters.has(adapter.name)) throw new CoordinatorError('CONFLICT', `adapter ${adapter.name} is defined twice: rename one in the adapters file`);
    this.#adapters.set(adapter.name, adapter);
  }

  get(name: string): AgentAdapter {
    const adapter = this.#adapters.get(name);
    if (!adapter) {
      throw new CoordinatorError('NOT_FOUND', `run: no adapter ${name}; known: ${[...this.#adapters.keys()].join(', ') || 'none'} (configure command adapters in .agent-coordinator/adapters.json)`, [{ field: 'adapter', message: 'unknown adapter' }]);
    }
    return adapter;
  }

  /** Concurrent runs allowed for one adapter, when the file limits it. */
  limitOf(name: string): number | undefined {
    return this.#options.file.max_concurrent?.[name];
  }

  listAdapters(): AdapterStatus[] {
    return [...this.#adapters.values()].map((adapter) => {
      const known = this.#health.get(adapter.name);
      return { name: adapter.name, kind: adapter.kind, health: known?.health ?? null, checked_at: known?.at ?? null };
    });
  }

  /** Checks every adapter now (one check at a time per manager), records changes, returns the list. */
  async checkAdapters(): Promise<AdapterStatus[]> {
    this.#checking ??= this.#checkAll().finally(() => {
      this.#checking = undefined;
    });
    await this.#checking;
    return this.listAdapters();
  }

  async #checkAll(): Promise<void> {
    await Promise.all(
      [...this.#adapters.values()].map(async (adapter) => {
        const health = await adapter.health().catch((error: unknown): AdapterHealth => ({ installed: false, authenticated: 'unknown', reason: `health check failed: ${(error as Error).message}` }));
        const previous = this.#health.get(adapter.name)?.health ?? null;
        this.#health.set(adapter.name, { health, at: new Date().toISOString() });
        if (previous !== null && !sameHealth(previous, health)) await this.#options.onHealthChanged(adapter.name, health, previous);
      }),
    );
  }

  start(): void {
    void this.checkAdapters().catch(this.#options.onError);
    this.#timer = setInterval(() => void this.checkAdapters().catch(this.#options.onError), this.#options.healthIntervalMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#checking;
  }
}
