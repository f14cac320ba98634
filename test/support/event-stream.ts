/**
 * One event subscription over the wire, read until the test has what it waits for: the messages so far
 * once `done(messages)` holds (then unsubscribed), or a failure naming what came when `timeoutMs` passes
 * first or the subscription fails.
 */
import type { StreamMessage, SubscribeEventsInput } from '@agent-coordinator/shared';
import type { Client } from './coordinator.ts';

export function collectMessages(client: Client, input: SubscribeEventsInput, done: (messages: readonly StreamMessage[]) => boolean, timeoutMs = 5_000): Promise<StreamMessage[]> {
  return new Promise((resolve, reject) => {
    const got: StreamMessage[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`the subscription did not get what was waited for in ${timeoutMs} ms; got ${got.length} message(s): ${got.map((m) => `${m.id}:${m.type}`).join(', ')}`));
    }, timeoutMs);
    const sub = client.subscribe_events.subscribe(input, {
      onData: (tracked) => {
        got.push(tracked.data);
        if (!done(got)) return;
        clearTimeout(timer);
        sub.unsubscribe();
        resolve(got);
      },
      onError: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
}
