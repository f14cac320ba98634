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
  let body = '';
  for (const [i, summary] of unread.summaries.entries()) {
    const more = i < unread.summaries.length - 1 || unread.count > unread.summaries.length;
    const piece = (body === '' ? '' : '; ') + summary;
    const reserve = more ? 3 : 0; // "; …"
    if (body.length + piece.length + reserve <= room) {
      body += piece;
      continue;
    }
    const left = room - body.length - reserve - (body === '' ? 0 : 2) - 1;
    if (left >= 12) body += `${body === '' ? '' : '; '}${summary.slice(0, left)}…`;
    return `${head}${body}${body === '' ? '…' : '; …'}${tail}`.slice(0, INBOX_LIMITS.digestLength);
  }
  return `${head}${body}${unread.count > unread.summaries.length ? '; …' : ''}${tail}`;
}
