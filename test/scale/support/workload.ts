/**
 * The fault test's workload: agents that claim, lock, complete and subscribe through a set of replicas
 * the way agents behind a load balancer would — a connection refused sends the call to the next
 * replica, UNAVAILABLE (the database away) is retried — and the checks run on what happened.
 */
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink, splitLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from '@agent-coordinator/server';
import { lockViolations } from '../../support/event-replay.ts';
import { until } from '../../support/until.ts';
import type { CoordinatorEvent, StreamMessage } from '@agent-coordinator/shared';

type Client = TRPCClient<AppRouter>;

export interface AgentFigures {
  claims: number;
  completes: number;
  lockGrants: number;
  lockRefusals: number;
  /** Calls moved to another replica after a connection failure. */
  failovers: number;
  /** Calls retried after UNAVAILABLE or an internal error. */
  retries: number;
  /** Completes refused because the task was no longer this agent's (requeued meanwhile). */
  lostTasks: number;
  /** The agent stopped with its replica (it did not fail over). */
  died: boolean;
  /** Calls that failed in a way an agent would not expect. */
  unexpected: string[];
}

export const emptyFigures = (): AgentFigures => ({ claims: 0, completes: 0, lockGrants: 0, lockRefusals: 0, failovers: 0, retries: 0, lostTasks: 0, died: false, unexpected: [] });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Failure = { readonly kind: 'network' } | { readonly kind: 'retry'; readonly what: string } | { readonly kind: 'domain'; readonly code: string; readonly message: string };

function classify(error: unknown): Failure {
  if (!(error instanceof TRPCClientError)) return { kind: 'network' };
  const data: unknown = error.data;
  if (data === undefined || data === null) return { kind: 'network' }; // no response: refused, reset, killed mid-request
  const code = (data as { coordinator?: { code?: string } | null }).coordinator?.code;
  if (code === 'UNAVAILABLE') return { kind: 'retry', what: 'UNAVAILABLE' };
  if (code) return { kind: 'domain', code, message: error.message };
  return { kind: 'retry', what: error.message };
}

/** A caller's view of several replicas: the current one, switching on connection failures. */
export class ReplicaSet {
  readonly #clients: Client[];
  #current: number;

  readonly #failover: boolean;

  /** `failover: false`: an agent that lives and dies with its replica (its calls end at the first connection failure). */
  constructor(urls: readonly string[], home: number, options: { readonly failover?: boolean } = {}) {
    this.#clients = urls.map((url) => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/trpc` })] }));
    this.#current = home % urls.length;
    this.#failover = options.failover ?? true;
  }

  /** Runs `call` until it succeeds or fails with a domain error (returned), within `deadline`. */
  async call<T>(figures: AgentFigures, deadline: number, call: (client: Client) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> {
    for (;;) {
      const client = this.#clients[this.#current];
      if (!client) throw new Error('no replicas');
      try {
        return { ok: true, value: await call(client) };
      } catch (error) {
        const failure = classify(error);
        if (failure.kind === 'domain') return { ok: false, code: failure.code, message: failure.message };
        if (Date.now() > deadline) return { ok: false, code: 'GAVE_UP', message: failure.kind === 'retry' ? failure.what : 'no replica answered' };
        if (failure.kind === 'network' && !this.#failover) return { ok: false, code: 'DISCONNECTED', message: 'its replica is gone' };
        if (failure.kind === 'network') {
          figures.failovers++;
          this.#current = (this.#current + 1) % this.#clients.length;
          await sleep(50);
        } else {
          figures.retries++;
          await sleep(200);
        }
      }
    }
  }
}

export interface ClaimRecord {
  readonly taskId: string;
  readonly agentId: string;
}

/**
 * One agent's loop until `until`: claim the next task; every other task also hold an extra exclusive
 * lock in a contended area for a moment; complete. A claim whose answer was lost (replica killed
 * mid-call) leaves a task the agent never heard of: it goes back to the queue when the agent falls
 * silent at the end, which is what the liveness sweeper is for.
 */
export async function runAgent(options: {
  readonly replicas: ReplicaSet;
  readonly agentId: string;
  readonly index: number;
  readonly until: number;
  readonly thinkMs: number;
  readonly figures: AgentFigures;
  readonly claims: ClaimRecord[];
}): Promise<void> {
  const { replicas, agentId, figures } = options;
  const grace = (): number => Math.max(options.until, Date.now()) + 20_000;
  const dead = (result: { ok: boolean; code?: string }): boolean => {
    if (!result.ok && result.code === 'DISCONNECTED') figures.died = true;
    return figures.died;
  };
  for (let round = 0; Date.now() < options.until && !figures.died; round++) {
    const next = await replicas.call(figures, grace(), (c) => c.get_next_task.mutate({ agent_id: agentId }));
    if (dead(next)) return;
    if (!next.ok) {
      figures.unexpected.push(`next: ${next.code} ${next.message}`);
      continue;
    }
    const task = next.value.task;
    if (!task) {
      await sleep(100);
      continue;
    }
    figures.claims++;
    options.claims.push({ taskId: task.task_id, agentId });
    if (round % 2 === 0) {
      const area = `area/${(options.index + round) % 6}`;
      const path = round % 4 === 0 ? `${area}/**` : `${area}/f${options.index}.ts`;
      const lock = await replicas.call(figures, grace(), (c) => c.lock_files.mutate({ agent_id: agentId, paths: [path] }));
      if (dead(lock)) return;
      if (lock.ok && lock.value.granted) {
        figures.lockGrants++;
        await sleep(5);
        const released = await replicas.call(figures, grace(), (c) => c.release_files.mutate({ agent_id: agentId, paths: [path] }));
        if (dead(released)) return;
        if (!released.ok) figures.unexpected.push(`release: ${released.code} ${released.message}`);
      } else if (lock.ok) figures.lockRefusals++;
      else figures.unexpected.push(`lock: ${lock.code} ${lock.message}`);
    }
    const done = await replicas.call(figures, grace(), (c) => c.complete_task.mutate({ agent_id: agentId, task_id: task.task_id, summary: 'done under faults' }));
    if (dead(done)) return;
    if (done.ok) figures.completes++;
    else if (done.code === 'CONFLICT' || done.code === 'FORBIDDEN' || done.code === 'NOT_FOUND') figures.lostTasks++;
    else figures.unexpected.push(`complete: ${done.code} ${done.message}`);
    await sleep(options.thinkMs);
  }
}

/** What one subscriber received, in order: event ids, and resync positions. */
export interface Received {
  readonly messages: { readonly kind: 'event' | 'resync'; readonly id: number }[];
  resubscribes: number;
  reconnects: number;
}

/**
 * A subscriber behind the load balancer: a WebSocket to one replica, to the next one when the
 * connection drops (tRPC resubscribes with the last event id it saw); a subscription that ends in an
 * error (its replica lost the database) is started again from the last id.
 */
/** Resolves once the replica at `url` reports at least `count` event subscribers (its /metrics gauge): events from then on reach them live. */
export async function untilSubscribers(url: string, count: number): Promise<void> {
  await until(`${count} event subscriber(s) on ${url}`, async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    return Number(/^coordinator_event_subscribers (\d+)$/m.exec(metrics)?.[1] ?? 0) >= count;
  });
}

export function subscribe(urls: readonly string[], home: number): { readonly received: Received; close(): void } {
  const received: Received = { messages: [], resubscribes: 0, reconnects: 0 };
  let connections = 0;
  const ws = createWSClient({
    url: () => {
      const url = urls[(home + connections++) % urls.length] ?? '';
      if (connections > 1) received.reconnects++;
      return `${url.replace(/^http/, 'ws')}/trpc`;
    },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 250,
  });
  const client = createTRPCClient<AppRouter>({
    links: [splitLink({ condition: (op) => op.type === 'subscription', true: wsLink({ client: ws }), false: httpLink({ url: `${urls[home]}/trpc` }) })],
  });
  let closed = false;
  let subscription: { unsubscribe(): void } | null = null;
  const last = (): number | undefined => received.messages.at(-1)?.id;
  const start = (): void => {
    const from = last();
    subscription = client.subscribe_events.subscribe(from === undefined ? undefined : { lastEventId: String(from) }, {
      onData: (tracked) => {
        const message: StreamMessage = tracked.data;
        received.messages.push(message.type === 'stream.resync' ? { kind: 'resync', id: message.resume_from } : { kind: 'event', id: message.id });
      },
      onError: () => {
        if (closed) return;
        received.resubscribes++;
        setTimeout(start, 250);
      },
    });
  };
  start();
  return {
    received,
    close: () => {
      closed = true;
      subscription?.unsubscribe();
      ws.close();
    },
  };
}

/** Gaps and repeats in what a subscriber received (a resync legitimately moves the position). */
export function sequenceViolations(received: Received): string[] {
  const violations: string[] = [];
  let expected: number | null = null;
  for (const message of received.messages) {
    if (message.kind === 'resync') {
      expected = message.id + 1;
      continue;
    }
    if (expected !== null && message.id !== expected) violations.push(message.id < expected ? `repeat of ${message.id}` : `gap before ${message.id} (expected ${expected})`);
    expected = message.id + 1;
  }
  return violations;
}

/** Replays the log: a task claimed while another agent still held it (never released, completed or requeued). */
export function doubleClaims(events: readonly CoordinatorEvent[]): string[] {
  const holder = new Map<string, string>();
  const violations: string[] = [];
  for (const event of events) {
    if (event.type === 'task.claimed') {
      const held = holder.get(event.task.task_id);
      if (held !== undefined) violations.push(`${event.task.key} claimed by ${event.agent_id} at event ${event.id} while held by ${held}`);
      holder.set(event.task.task_id, event.agent_id);
    } else if (event.type === 'task.released') {
      holder.delete(event.task.task_id);
    } else if (event.type === 'task.updated' && event.task.status !== 'claimed' && event.task.status !== 'in_progress') {
      holder.delete(event.task.task_id);
    }
  }
  return violations;
}

/** The agents' own view against the log: every claim an agent was told of is a task.claimed for it. */
export function unloggedClaims(claims: readonly ClaimRecord[], events: readonly CoordinatorEvent[]): string[] {
  const logged = new Set(events.flatMap((e) => (e.type === 'task.claimed' ? [`${e.task.task_id}/${e.agent_id}`] : [])));
  return claims.filter((c) => !logged.has(`${c.taskId}/${c.agentId}`)).map((c) => `${c.taskId} told to ${c.agentId} but not in the log`);
}

/** Overlapping exclusive holders at any point of the log, as readable lines (the replay is test/support/event-replay.ts). */
export function exclusiveOverlaps(events: readonly CoordinatorEvent[]): string[] {
  return lockViolations(events).map((v) => `event ${v.eventId}: ${v.granted.path} granted while ${v.alreadyHeld.path} held`);
}
