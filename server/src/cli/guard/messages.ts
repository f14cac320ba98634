/**
 * What the guard says when it stops something. Read by an agent (the Claude Code hook's stderr becomes
 * the reason the tool call failed) or a person at a terminal (git hooks): each message names the file,
 * the holder, the task and the expiry, and says what to do instead.
 */
import type { LockConflict, VerifyWriteResult, WriteCheck } from '@agent-coordinator/shared';

/** `2026-11-21T14:05:12Z (in 3 min)`: absolute for the record, relative for the reader. */
export function when(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  const size = Math.abs(seconds);
  const span = size < 90 ? `${size} s` : size < 5400 ? `${Math.round(size / 60)} min` : `${Math.round(size / 3600)} h`;
  return `${new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z')} (${seconds >= 0 ? `in ${span}` : `${span} ago`})`;
}

function holder(c: LockConflict, now: number): string {
  const task = c.task_key ? ` for ${c.task_key}` : ' (no task)';
  const glob = c.held_path !== c.path ? `, as part of ${c.held_path}` : '';
  return `${c.held_by}${task} until ${when(c.expires_at, now)}${glob}`;
}

/** Why the hook refused a write (exit 2): one paragraph per kind of problem. */
export function writeRefusal(result: VerifyWriteResult, tool: string, now: number = Date.now()): string {
  const lines: string[] = [];
  const held = result.files.filter((f) => f.verdict === 'held_by_other');
  const changed = result.files.filter((f): f is WriteCheck & { changed: NonNullable<WriteCheck['changed']> } => f.verdict === 'changed_since_read' && f.changed !== undefined);
  const lost = result.files.some((f) => f.verdict === 'lease_lost');
  if (held.length > 0) {
    lines.push(`agent-coordinator: ${tool} stopped — ${held.length === 1 ? 'this file is' : 'these files are'} locked by another agent:`);
    for (const file of held) for (const c of file.conflicts) lines.push(`  ${file.path}: held by ${holder(c, now)}`);
    const holders = [...new Set(held.flatMap((f) => f.conflicts.map((c) => c.held_by)))].join(', ');
    lines.push(
      `You act as ${result.agent_name}. Do not write ${held.length === 1 ? 'it' : 'them'} now (not through another tool either). ` +
        `Instead: continue with files nobody holds (\`agent-coordinator check-files PATH\` shows who holds what), ` +
        `or wait until ${holders} releases ${held.length === 1 ? 'it' : 'them'} or the lock expires, then try again. ` +
        `If you need the change made now, say so to the user or leave a note on the holder's task.`,
    );
  }
  for (const file of changed) {
    const by = file.changed.written_by ?? 'another agent';
    lines.push(
      `agent-coordinator: ${file.path} changed since you last saw it — ${by} wrote it at ${when(file.changed.written_at, now)}, after you read it at ${when(file.changed.base_recorded_at, now)}. ` +
        `Read ${file.path} again and redo your change on top of ${by}'s; the next attempt goes through.`,
    );
  }
  if (lost && result.lease) lines.push(`agent-coordinator: ${result.lease}`);
  return lines.join('\n');
}

export interface CommitBlockOptions {
  readonly hook: 'pre-commit' | 'pre-push';
  readonly now?: number;
}

/** Why a commit or push was refused, file by file. */
export function commitRefusal(blocked: readonly LockConflict[], options: CommitBlockOptions): string {
  const now = options.now ?? Date.now();
  const what = options.hook === 'pre-commit' ? 'commit' : 'push';
  const redo = options.hook === 'pre-commit' ? 'git commit …' : 'git push …';
  const files = [...new Set(blocked.map((c) => c.path))];
  return [
    `agent-coordinator: ${what} refused — it touches ${files.length === 1 ? 'a file' : `${files.length} files`} another agent holds:`,
    ...blocked.map((c) => `  ${c.path}  held by ${holder(c, now)}`),
    options.hook === 'pre-commit'
      ? `Wait until the lock is released (agent-coordinator check-files ${files[0] ?? 'PATH'}), or leave these files out (git restore --staged PATH),`
      : `Wait until the lock is released (agent-coordinator check-files ${files[0] ?? 'PATH'}),`,
    `or bypass deliberately — it is recorded for everyone to see: AGENT_COORDINATOR_BYPASS=1 ${redo}`,
  ].join('\n');
}

export function bypassNotice(blocked: readonly LockConflict[], hook: 'pre-commit' | 'pre-push'): string {
  const files = [...new Set(blocked.map((c) => `${c.path} (${c.held_by}${c.task_key ? `, ${c.task_key}` : ''})`))];
  return `agent-coordinator: AGENT_COORDINATOR_BYPASS=1 — ${hook} allowed although others hold ${files.join(', ')}; the bypass was recorded`;
}

export function commitTouchedNotice(touched: readonly LockConflict[], commit: string): string {
  const files = [...new Set(touched.map((c) => `${c.path} (${c.held_by}${c.task_key ? `, ${c.task_key}` : ''})`))];
  return `agent-coordinator: commit ${commit.slice(0, 12)} touched files others hold: ${files.join(', ')}; the coordinator recorded it`;
}
