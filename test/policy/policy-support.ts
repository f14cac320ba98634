/**
 * Helpers for the policy suites: a human to declare policies and decide approvals, declaring a policy
 * for one test (removed after it), and waiting for events in the log.
 */
import assert from 'node:assert/strict';
import type { CoordinatorEvent, EventType, PolicyInput } from '@agent-coordinator/shared';
import type { Client } from '../support/coordinator.ts';

export type EventOf<T extends EventType> = Extract<CoordinatorEvent, { type: T }>;

/** The id of the newest event, to read what happens after it. */
export async function headEventId(c: Client): Promise<number> {
  let after = 0;
  for (;;) {
    const page = await c.list_events.query({ after, limit: 1000 });
    const last = page.at(-1);
    if (!last) return after;
    after = last.id;
    // A short page is the end (while others keep writing, an empty page may never come).
    if (page.length < 1000) return after;
  }
}

/** Events of a type after `after`, waiting (polling) until `count` of them match or the time is up. */
export async function eventsAfter<T extends EventType>(
  c: Client,
  after: number,
  type: T,
  options: { readonly count?: number; readonly timeoutMs?: number; readonly where?: (e: EventOf<T>) => boolean } = {},
): Promise<EventOf<T>[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const found: EventOf<T>[] = [];
    for (let from = after; ; ) {
      const page = await c.list_events.query({ after: from, limit: 1000 });
      for (const e of page) if (e.type === type && (!options.where || options.where(e as EventOf<T>))) found.push(e as EventOf<T>);
      const last = page.at(-1);
      if (!last) break;
      from = last.id;
      if (page.length < 1000) break;
    }
    if (found.length >= (options.count ?? 1)) return found;
    if (Date.now() > deadline) assert.fail(`expected ${options.count ?? 1} ${type} event(s) after ${after}, saw ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface PolicyFixture {
  /** A registered human agent (kind human) that declares policies and decides approvals. */
  human(): Promise<string>;
  /** Declares an API policy (as the human) that is removed after the current test. */
  declare(policy: PolicyInput): Promise<void>;
}

/** Mocha hooks: API policies declared in a test are removed after it. */
export function usePolicies(client: () => Client): PolicyFixture {
  let humanId: string | undefined;
  const declared: string[] = [];
  const human = async (): Promise<string> => {
    humanId ??= (await client().register_agent.mutate({ name: 'policy-owner', kind: 'human' })).agent_id;
    return humanId;
  };
  afterEach(async () => {
    const c = client();
    while (declared.length > 0) await c.remove_policy.mutate({ name: declared.pop() ?? '', agent_id: await human() });
  });
  return {
    human,
    async declare(policy) {
      await client().declare_policy.mutate({ policy, agent_id: await human() });
      declared.push(policy.name);
    },
  };
}
