/**
 * What the Reply input box shows (issues #15, #18): the thread being answered, not only the message the
 * toast quoted — its last few messages, oldest first, each `sender: body`, and how many came before.
 *
 * Bounded: a thread can hold hundreds of messages and bodies of 8 KiB, and an input box's prompt is one
 * line under the field, so at most REPLY_THREAD_SHOWN messages are fetched and shown, each cut to
 * REPLY_BODY_CHARS with its whitespace folded, and the title names at most three other participants. When the thread cannot be read (the server is unreachable,
 * or it answers an error) the prompt is the toast's own line, so replying still works.
 */
import type { GetThreadResult } from '@agent-coordinator/shared';

/** Messages shown (and asked of get_thread as its `limit`). */
export const REPLY_THREAD_SHOWN = 4;
/** Characters of one message's body shown. */
export const REPLY_BODY_CHARS = 160;

const SEPARATOR = '  ·  ';

const cut = (text: string, max: number): string => {
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length <= max ? folded : `${folded.slice(0, max - 1).trimEnd()}…`;
};

export interface ReplyPrompt {
  /** The input box's title: who takes part. */
  readonly title: string;
  /** The line under the field: the last messages of the thread. */
  readonly prompt: string;
}

/** The reply box for a thread as get_thread returned it; `fallback` (the toast's line) when it could not be read. */
export function replyPrompt(thread: GetThreadResult | null, fallback: string, selfId?: string): ReplyPrompt {
  if (!thread || thread.messages.length === 0) return { title: 'Reply', prompt: fallback };
  const others = thread.participants.filter((p) => p.agent_id !== selfId).map((p) => p.name);
  const shown = thread.messages.slice(-REPLY_THREAD_SHOWN);
  const before = thread.earlier + thread.messages.length - shown.length;
  const lines = shown.map((m) => `${m.sender_id === selfId ? 'you' : m.sender}: ${cut(m.body, REPLY_BODY_CHARS)}`);
  const names = others.length <= 3 ? others.join(', ') : `${others.slice(0, 3).join(', ')} and ${others.length - 3} more`;
  return {
    title: others.length > 0 ? `Reply to ${names}` : 'Reply',
    prompt: [...(before > 0 ? [`(${before} earlier)`] : []), ...lines].join(SEPARATOR),
  };
}
