/**
 * The one line an agent sees at the end of any tool result (and in its Claude Code hooks) while unread
 * notifications wait: "2 unread: release requested for src/a.ts by bob; message from ann: … — call
 * get_notifications". Never longer than INBOX_LIMITS.digestLength: summaries are cut to fit, and the
 * ones that do not fit become "…".
 */
import { INBOX_LIMITS } from '@agent-coordinator/shared';
import type { UnreadDigest } from './inbox.repository.ts';

const TAIL = ' — call get_notifications';

export function digestLine(unread: UnreadDigest, tail: string = TAIL): string | null {
  if (unread.count === 0) return null;
  const head = `${unread.count} unread: `;
  const room = INBOX_LIMITS.digestLength - head.length - tail.length;
  const parts = [...unread.summaries];
  if (unread.count > parts.length) parts.push('…');
  let body = parts.join('; ');
  if (body.length > room) body = `${body.slice(0, room - 3)}; …`.replace(/; ; …$/, '; …');
  return `${head}${body}${tail}`;
}
