/**
 * Keeps PlanState current without polling: every part is loaded when the connection comes up (or the
 * stream resyncs), events are applied as they arrive, and a part an event made stale is reloaded — once
 * per burst of events, and only while a view that shows it is visible (or for the parts every window
 * needs: mission names for the Tasks view, pending approvals for the badge). Loads of an older
 * connection are dropped; events that arrive during a load are applied again after it, so a load never
 * rolls back what an event already said.
 */
import type { StreamMessage } from '@agent-coordinator/shared';
import type { Disposable } from './disposable.ts';
import { Emitter } from './emitter.ts';
import type { Clock } from './live-connection.ts';
import { PLAN_PARTS, PlanState, type PlanData, type PlanPart } from './plan-state.ts';

export type PlanLoader = { readonly [P in PlanPart]: () => Promise<PlanData[P]> };

/** Loaded on every connect even when no view shows them. */
export const ALWAYS_LOADED: readonly PlanPart[] = ['missions', 'approvals'];
/** Events within this window cost one reload. */
export const RELOAD_DEBOUNCE_MS = 150;

export interface PlanSyncOptions {
  readonly clock: Clock;
  readonly log?: (message: string) => void;
}

export class PlanSync implements Disposable {
  readonly state = new PlanState();
  readonly #loader: () => PlanLoader;
  readonly #clock: Clock;
  readonly #log: (message: string) => void;
  readonly #emitter = new Emitter<ReadonlySet<PlanPart>>();
  readonly #wanted = new Map<PlanPart, number>();
  /** Bumped whenever a part becomes stale: a load that started before the bump leaves it stale. */
  readonly #version = new Map<PlanPart, number>();
  readonly #stale = new Set<PlanPart>();
  readonly #inflight = new Set<PlanPart>();
  /** Events that arrived while a part was loading, applied again after the load. */
  readonly #during = new Map<PlanPart, StreamMessage[]>();
  readonly #errors = new Map<PlanPart, string>();
  /** Parts loaded whether or not a view shows them (ALWAYS_LOADED after a connect or resync). */
  readonly #mustLoad = new Set<PlanPart>();
  #connected = false;
  #generation = 0;
  #timer: unknown = null;

  /** The parts whose data (or load error) changed. */
  readonly onDidChange = this.#emitter.event;

  constructor(loader: () => PlanLoader, options: PlanSyncOptions) {
    this.#loader = loader;
    this.#clock = options.clock;
    this.#log = options.log ?? (() => undefined);
  }

  /** Why the last load of a part failed (null: it did not). */
  error(part: PlanPart): string | null {
    return this.#errors.get(part) ?? null;
  }

  /** A view shows these parts: keep them current while the returned disposable lives. */
  want(parts: readonly PlanPart[]): Disposable {
    for (const part of parts) this.#wanted.set(part, (this.#wanted.get(part) ?? 0) + 1);
    if (parts.some((p) => this.#stale.has(p))) this.#schedule(0);
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        for (const part of parts) this.#wanted.set(part, Math.max(0, (this.#wanted.get(part) ?? 0) - 1));
      },
    };
  }

  /** The connection is up (again): everything may have changed meanwhile. */
  connected(): void {
    this.#connected = true;
    this.#generation++;
    this.#inflight.clear();
    this.#during.clear();
    this.#reloadEverything();
  }

  disconnected(): void {
    this.#connected = false;
  }

  /** Another server: forget everything. */
  clear(): void {
    this.#generation++;
    this.#connected = false;
    this.#inflight.clear();
    this.#during.clear();
    this.#errors.clear();
    this.#stale.clear();
    this.#mustLoad.clear();
    this.state.clear();
    this.#emitter.fire(new Set(PLAN_PARTS));
  }

  /** Every message of the event stream, in order. */
  receive(message: StreamMessage): void {
    if (message.type === 'stream.resync') {
      this.#reloadEverything();
      return;
    }
    for (const part of this.#inflight) this.#during.get(part)?.push(message);
    const effect = this.state.apply(message);
    if (effect.changed.length > 0) this.#emitter.fire(new Set(effect.changed));
    if (effect.stale.length > 0) {
      this.#markStale(effect.stale);
      this.#schedule(RELOAD_DEBOUNCE_MS);
    }
  }

  dispose(): void {
    this.#generation++;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#emitter.dispose();
  }

  #reloadEverything(): void {
    this.#markStale(PLAN_PARTS);
    for (const part of ALWAYS_LOADED) this.#mustLoad.add(part);
    this.#schedule(0);
  }

  #markStale(parts: readonly PlanPart[]): void {
    for (const part of parts) {
      this.#stale.add(part);
      this.#version.set(part, (this.#version.get(part) ?? 0) + 1);
    }
  }

  #needed(part: PlanPart): boolean {
    return (this.#wanted.get(part) ?? 0) > 0 || this.#mustLoad.has(part);
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#flush();
    }, ms);
  }

  #flush(): void {
    if (!this.#connected) return;
    for (const part of [...this.#stale]) {
      if (this.#inflight.has(part) || !this.#needed(part)) continue;
      void this.#load(part);
    }
  }

  async #load<P extends PlanPart>(part: P): Promise<void> {
    const generation = this.#generation;
    const version = this.#version.get(part) ?? 0;
    this.#inflight.add(part);
    this.#during.set(part, []);
    let data: PlanData[P];
    try {
      data = await this.#loader()[part]();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#inflight.delete(part);
      this.#during.delete(part);
      const message = error instanceof Error ? error.message : String(error);
      this.#errors.set(part, message);
      this.#log(`loading ${part} failed: ${message}`);
      this.#emitter.fire(new Set([part]));
      return;
    }
    if (generation !== this.#generation) return;
    const replay = this.#during.get(part) ?? [];
    this.#inflight.delete(part);
    this.#during.delete(part);
    this.#errors.delete(part);
    this.#mustLoad.delete(part);
    this.state.replace(part, data);
    for (const message of replay) if (message.type !== 'stream.resync') this.state.apply(message);
    if (this.#version.get(part) === version) this.#stale.delete(part);
    else this.#schedule(RELOAD_DEBOUNCE_MS);
    this.#emitter.fire(new Set([part]));
  }
}
