/**
 * The live link to the coordinator: subscribe to events, load a snapshot, then keep the state current;
 * on a dropped connection reconnect with backoff and resume after the last applied event id, so views
 * never go silently stale. A `stream.resync` (the position is no longer retained) reloads the snapshot.
 *
 * A refusal no retry can fix — the token was refused (UNAUTHENTICATED) or does not give access to the
 * project (FORBIDDEN) — stops reconnecting (status `refused`) until the user acts (Sign In, another
 * setting, Reconnect): retrying a bad token would only count against the server's rate limit.
 *
 * Ordering: the subscription starts before the snapshot is read and events that arrive meanwhile are
 * buffered and applied after it (see CoordinatorState), so nothing falls between snapshot and stream.
 * The transport and clock are injected: this is the state machine the unit tests drive.
 */
import type { StreamMessage } from '@agent-coordinator/shared';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import type { CoordinatorState, Snapshot, StateChange } from './coordinator-state.ts';
import type { Disposable } from './disposable.ts';
import { Emitter } from './emitter.ts';

export type ConnectionStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected'; readonly since: number }
  | { readonly kind: 'reconnecting' | 'offline'; readonly attempt: number; readonly retryAt: number; readonly error: string }
  | { readonly kind: 'refused'; readonly code: RefusalCode; readonly error: string }
  | { readonly kind: 'stopped' };

/** Why the server turned the connection away for good: no valid token, or no access to the project. */
export type RefusalCode = 'UNAUTHENTICATED' | 'FORBIDDEN';

export interface SubscriptionHandlers {
  /** The server accepted the subscription. */
  onStarted(): void;
  onMessage(message: StreamMessage): void;
  /** The subscription ended for any reason other than `close()`; called at most once. */
  onClosed(error: unknown): void;
}

export interface EventSubscription {
  close(): void;
}

export interface EventTransport {
  /** Subscribes after `lastEventId` (null: from now on). */
  subscribe(lastEventId: number | null, handlers: SubscriptionHandlers): EventSubscription;
  loadSnapshot(): Promise<Snapshot>;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LiveConnectionOptions {
  readonly backoff?: BackoffOptions;
  /** After this many failed attempts in a row the status says offline instead of reconnecting. */
  readonly offlineAfterAttempts?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Whether an error is a refusal that retrying cannot fix (the transport knows how errors look). */
  readonly refusal?: (error: unknown) => RefusalCode | null;
}

const describe = (error: unknown): string => {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
};

export class LiveConnection implements Disposable {
  readonly #state: CoordinatorState;
  readonly #backoff: BackoffOptions;
  readonly #offlineAfter: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #refusal: (error: unknown) => RefusalCode | null;
  readonly #statusEmitter = new Emitter<ConnectionStatus>();
  readonly #changeEmitter = new Emitter<StateChange>();
  readonly #messageEmitter = new Emitter<StreamMessage>();
  readonly #arrivalEmitter = new Emitter<StreamMessage>();

  #transport: EventTransport;
  #status: ConnectionStatus = { kind: 'idle' };
  #subscription: EventSubscription | null = null;
  #timer: unknown = null;
  /** Bumped for every subscription: callbacks of an older one are ignored. */
  #generation = 0;
  #loadSeq = 0;
  #attempt = 0;
  #lastEventId: number | null = null;
  #needsSnapshot = true;
  #loading = false;
  #buffer: StreamMessage[] = [];
  #disposed = false;

  readonly onDidChangeStatus = this.#statusEmitter.event;
  readonly onDidChangeState = this.#changeEmitter.event;
  /** Every event applied (after the state changed) and every resync signal. */
  readonly onDidReceive = this.#messageEmitter.event;
  /** An event about to be applied (timing: nothing has reacted to it yet). */
  readonly onWillApply = this.#arrivalEmitter.event;

  constructor(transport: EventTransport, state: CoordinatorState, options: LiveConnectionOptions = {}) {
    this.#transport = transport;
    this.#state = state;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#offlineAfter = options.offlineAfterAttempts ?? 3;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#refusal = options.refusal ?? (() => null);
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get lastEventId(): number | null {
    return this.#lastEventId;
  }

  start(): void {
    if (this.#disposed || (this.#status.kind !== 'idle' && this.#status.kind !== 'stopped')) return;
    this.#attempt = 0;
    this.#setStatus({ kind: 'connecting' });
    this.#open();
  }

  /** Reconnects now (a user asked, or the server is known to be back), keeping the resume position. */
  reconnect(): void {
    if (this.#disposed) return;
    this.#teardown();
    this.#attempt = 0;
    this.#setStatus({ kind: 'connecting' });
    this.#open();
  }

  /** Switches to another server (or token): forgets the state and the resume position. */
  replaceTransport(transport: EventTransport): void {
    const running = !this.#disposed && this.#status.kind !== 'idle' && this.#status.kind !== 'stopped';
    this.#teardown();
    this.#transport = transport;
    this.#lastEventId = null;
    this.#needsSnapshot = true;
    this.#fireChange(this.#state.clear());
    if (!running) return;
    this.#attempt = 0;
    this.#setStatus({ kind: 'connecting' });
    this.#open();
  }

  /** Reloads the snapshot over a fresh subscription (the user asked to refresh). */
  reload(): void {
    this.#needsSnapshot = true;
    this.reconnect();
  }

  stop(): void {
    this.#teardown();
    this.#setStatus({ kind: 'stopped' });
  }

  dispose(): void {
    this.stop();
    this.#disposed = true;
    this.#statusEmitter.dispose();
    this.#changeEmitter.dispose();
    this.#messageEmitter.dispose();
    this.#arrivalEmitter.dispose();
  }

  #teardown(): void {
    this.#generation++;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#subscription?.close();
    this.#subscription = null;
    this.#loading = false;
    this.#buffer = [];
  }

  #open(): void {
    const generation = ++this.#generation;
    const stale = (): boolean => generation !== this.#generation;
    try {
      this.#subscription = this.#transport.subscribe(this.#lastEventId, {
        onStarted: () => {
          if (stale()) return;
          if (this.#needsSnapshot) void this.#loadSnapshot(generation);
          else this.#connected();
        },
        onMessage: (message) => {
          if (!stale()) this.#receive(message, generation);
        },
        onClosed: (error) => {
          if (stale()) return;
          this.#subscription = null;
          this.#dropped(error);
        },
      });
    } catch (error) {
      this.#dropped(error);
    }
  }

  #receive(message: StreamMessage, generation: number): void {
    if (message.type === 'stream.resync') {
      // Events before resume_from are gone: reload, and continue the stream from there.
      this.#lastEventId = message.resume_from;
      this.#needsSnapshot = true;
      this.#buffer = [];
      this.#messageEmitter.fire(message);
      void this.#loadSnapshot(generation);
      return;
    }
    if (this.#loading) {
      this.#buffer.push(message);
      return;
    }
    this.#applyEvent(message);
  }

  #applyEvent(message: StreamMessage): StateChange | null {
    if (message.type === 'stream.resync') return null;
    if (this.#lastEventId !== null && message.id <= this.#lastEventId) return null; // already applied
    this.#lastEventId = message.id;
    this.#arrivalEmitter.fire(message);
    const change = this.#state.apply(message);
    this.#fireChange(change);
    this.#messageEmitter.fire(message);
    return change;
  }

  async #loadSnapshot(generation: number): Promise<void> {
    const load = ++this.#loadSeq;
    this.#loading = true;
    let snapshot: Snapshot;
    try {
      snapshot = await this.#transport.loadSnapshot();
    } catch (error) {
      if (generation !== this.#generation || load !== this.#loadSeq) return;
      this.#teardownSubscription();
      this.#dropped(error);
      return;
    }
    if (generation !== this.#generation || load !== this.#loadSeq) return;
    this.#fireChange(this.#state.reset(snapshot));
    this.#loading = false;
    this.#needsSnapshot = false;
    for (const message of this.#buffer.splice(0)) this.#applyEvent(message);
    if (this.#status.kind !== 'connected') this.#connected();
  }

  #teardownSubscription(): void {
    this.#generation++;
    this.#subscription?.close();
    this.#subscription = null;
  }

  #connected(): void {
    this.#attempt = 0;
    this.#setStatus({ kind: 'connected', since: this.#clock.now() });
  }

  #dropped(error: unknown): void {
    // Whatever the dropped attempt still has in flight (a snapshot load) must not apply.
    this.#generation++;
    this.#loading = false;
    this.#buffer = [];
    if (this.#lastEventId === null) this.#needsSnapshot = true;
    const refused = this.#refusal(error);
    if (refused !== null) {
      this.#attempt = 0;
      this.#setStatus({ kind: 'refused', code: refused, error: describe(error) });
      return;
    }
    this.#attempt++;
    const delay = backoffDelay(this.#attempt, this.#backoff, this.#random);
    const retryAt = this.#clock.now() + delay;
    const kind = this.#attempt > this.#offlineAfter ? 'offline' : 'reconnecting';
    this.#setStatus({ kind, attempt: this.#attempt, retryAt, error: describe(error) });
    const generation = this.#generation;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      if (generation === this.#generation) this.#open();
    }, delay);
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#statusEmitter.fire(status);
  }

  #fireChange(change: StateChange): void {
    if (change.agents || change.tasks || change.lockPaths.length > 0) this.#changeEmitter.fire(change);
  }
}
