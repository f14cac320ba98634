/**
 * The task panel (a webview) as data and HTML: everything about a task, the actions the viewer may take on
 * it, dependencies by key, files with their lock state, notes and its history (the server's event log,
 * then live). Theme-aware
 * through VS Code's CSS variables, usable from the keyboard (real buttons, focus outlines, Alt+letter
 * shortcuts), and locked down by a CSP that allows only the one script carrying the nonce. No `vscode` here.
 */
import type { Agent, CoordinatorEvent, Lock, Task } from '@agent-coordinator/shared';
import { clockTime } from './format.ts';
import { describeLock, locksCovering } from './lock-decoration.ts';
import { blockerKeys } from './task-blockers.ts';
import { STATUS_LABELS, taskFlags } from './task-tree.ts';

export const TASK_ACTIONS = [
  { action: 'claim', flag: 'claimable', label: 'Claim', key: 'c' },
  { action: 'start', flag: 'startable', label: 'Start', key: 's' },
  { action: 'complete', flag: 'completable', label: 'Complete', key: 'd' },
  { action: 'release', flag: 'releasable', label: 'Release', key: 'r' },
  { action: 'cancel', flag: 'cancellable', label: 'Cancel Task', key: 'x' },
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number]['action'];

/** What the panel's script may ask for. */
export type TaskPanelMessage =
  | { readonly type: 'action'; readonly action: TaskAction }
  | { readonly type: 'openTask'; readonly key: string }
  | { readonly type: 'openFile'; readonly path: string };

export interface TaskPanelInput {
  readonly task: Task;
  readonly tasks: readonly Task[];
  readonly agents: readonly Agent[];
  readonly locks: readonly Lock[];
  readonly selfIds: ReadonlySet<string>;
  readonly history: readonly HistoryEntry[];
  readonly now: number;
}

export interface HistoryEntry {
  readonly at: string;
  readonly text: string;
}

/** One line of history for an event about `taskId`, or null when the event is about something else. */
export function historyEntry(event: CoordinatorEvent, taskId: string, name: (id: string) => string): HistoryEntry | null {
  const at = event.at;
  switch (event.type) {
    case 'task.created':
      return event.task.task_id === taskId ? { at, text: 'created' } : null;
    case 'task.claimed':
      return event.task.task_id === taskId ? { at, text: `claimed by ${name(event.agent_id)}` } : null;
    case 'task.updated':
      return event.task.task_id === taskId ? { at, text: `${STATUS_LABELS[event.previous_status]} → ${STATUS_LABELS[event.task.status]}` } : null;
    case 'task.released':
      return event.task.task_id === taskId ? { at, text: `released (${event.reason})` } : null;
    case 'lock.acquired': {
      const paths = event.locks.filter((l) => l.task_id === taskId).map((l) => l.path);
      return paths.length > 0 ? { at, text: `locked ${paths.join(', ')}` } : null;
    }
    default:
      return null;
  }
}

/**
 * The history a panel shows: what the server's event log said when the panel opened, joined with what the
 * window saw live since, each line once, oldest first.
 */
export function mergeHistory(logged: readonly HistoryEntry[], live: readonly HistoryEntry[]): HistoryEntry[] {
  const seen = new Set<string>();
  const merged: HistoryEntry[] = [];
  for (const entry of [...logged, ...live]) {
    const key = `${entry.at}\u0000${entry.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(entry);
  }
  return merged.sort((a, b) => a.at.localeCompare(b.at));
}

/** How far back (in event ids) a panel reads the log for history, and in pages of how many. */
export const HISTORY_LOOKBACK = { ids: 5_000, page: 1_000 } as const;

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The actions the viewer may take on the task now. */
export function allowedActions(task: Task, tasks: readonly Task[], selfIds: ReadonlySet<string>): TaskAction[] {
  const flags = taskFlags(task, selfIds, task.status === 'open' ? blockerKeys(task, tasks) : []).split(' ');
  return TASK_ACTIONS.filter((a) => flags.includes(a.flag)).map((a) => a.action);
}

/** The panel's body (re-rendered in place on every change, so focus and scroll stay). */
export function renderTaskPanelBody(input: TaskPanelInput): string {
  const { task, tasks, agents, locks, selfIds, now } = input;
  const name = (id: string | null): string => (id === null ? '—' : selfIds.has(id) ? 'you' : (agents.find((a) => a.agent_id === id)?.name ?? id.slice(0, 8)));
  const actions = allowedActions(task, tasks, selfIds);
  const byId = new Map(tasks.map((t) => [t.task_id, t]));
  const blockers = task.status === 'open' ? blockerKeys(task, tasks) : [];
  const parts: string[] = [];
  parts.push(`<header><h1><span class="key">${escape(task.key)}</span> ${escape(task.title)}</h1>`);
  parts.push(
    `<p class="meta"><span class="status status-${task.status}">${STATUS_LABELS[task.status]}</span> · ${escape(task.priority)} priority · claimed by ${escape(name(task.claimed_by))} · assignee ${escape(name(task.assignee))} · updated ${escape(clockTime(task.updated_at, now))}</p>`,
  );
  if (blockers.length > 0) parts.push(`<p class="blocked" role="status">Blocked by ${blockers.map(escape).join(', ')}: it can be claimed once ${blockers.length === 1 ? 'that task is' : 'they are'} done.</p>`);
  const buttons = TASK_ACTIONS.filter((a) => actions.includes(a.action)).map(
    (a) => `<button data-action="${a.action}" data-focus="action-${a.action}" title="${a.label} (Alt+${a.key.toUpperCase()})" accesskey="${a.key}">${a.label}</button>`,
  );
  parts.push(`<nav class="actions" aria-label="Actions">${buttons.length > 0 ? buttons.join('') : '<span class="muted">No actions for you on this task now.</span>'}</nav></header>`);
  if (task.description) parts.push(`<section><h2>Description</h2><p class="text">${escape(task.description)}</p></section>`);
  if (task.depends_on.length > 0) {
    const rows = task.depends_on.map((id) => {
      const dep = byId.get(id);
      if (!dep) return `<li>${escape(id.slice(0, 8))} <span class="muted">(not in this window's list)</span></li>`;
      return `<li><button class="link" data-open-task="${escape(dep.key)}" data-focus="dep-${escape(dep.key)}">${escape(dep.key)}</button> ${escape(dep.title)} <span class="status status-${dep.status}">${STATUS_LABELS[dep.status]}</span></li>`;
    });
    parts.push(`<section><h2>Depends on</h2><ul>${rows.join('')}</ul></section>`);
  }
  if (task.files.length > 0) {
    const rows = task.files.map((path) => {
      const held = locksCovering(path, locks);
      const state = held.length === 0 ? '<span class="muted">not locked</span>' : held.map((l) => `<span class="${selfIds.has(l.held_by_id) ? 'mine' : 'held'}">${escape(describeLock(l, selfIds, now))}</span>`).join('; ');
      return `<li><button class="link" data-open-file="${escape(path)}" data-focus="file-${escape(path)}">${escape(path)}</button> — ${state}</li>`;
    });
    parts.push(`<section><h2>Files</h2><ul>${rows.join('')}</ul></section>`);
  }
  if (task.capabilities.length > 0) parts.push(`<section><h2>Capabilities</h2><p>${task.capabilities.map(escape).join(', ')}</p></section>`);
  if (task.progress_note) parts.push(`<section><h2>Progress note</h2><p class="text">${escape(task.progress_note)}</p></section>`);
  if (task.summary) parts.push(`<section><h2>Summary</h2><p class="text">${escape(task.summary)}</p></section>`);
  const history = [{ at: task.created_at, text: 'created' }, ...input.history.filter((h) => h.text !== 'created')];
  parts.push(`<section><h2>History</h2><ol class="history">${history.map((h) => `<li><time>${escape(clockTime(h.at, now))}</time> ${escape(h.text)}</li>`).join('')}</ol></section>`);
  parts.push(`<footer class="muted">task id ${escape(task.task_id)}</footer>`);
  return parts.join('\n');
}

/** The whole document: CSP with the nonce, theme variables, and the script that posts clicks and swaps bodies. */
export function renderTaskPanelHtml(body: string, nonce: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 20px; line-height: 1.5; }
h1 { font-size: 1.4em; margin: 16px 0 4px; } h2 { font-size: 1.05em; margin: 18px 0 6px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
.key { color: var(--vscode-textLink-foreground); } .muted, footer { color: var(--vscode-descriptionForeground); } .text { white-space: pre-wrap; }
.status { padding: 0 6px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.blocked { color: var(--vscode-editorWarning-foreground); } .held { color: var(--vscode-agentCoordinator-lockedByOther, var(--vscode-editorWarning-foreground)); } .mine { color: var(--vscode-agentCoordinator-lockedByMe, var(--vscode-textLink-foreground)); }
.actions { display: flex; gap: 8px; margin: 10px 0; flex-wrap: wrap; }
button { font: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); text-decoration: underline; }
button.link:hover { color: var(--vscode-textLink-activeForeground); }
ul, ol { padding-left: 20px; } time { color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
</style></head>
<body><main id="root">${body}</main>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
root.addEventListener('click', (e) => {
  const el = e.target.closest('button');
  if (!el) return;
  if (el.dataset.action) vscode.postMessage({ type: 'action', action: el.dataset.action });
  else if (el.dataset.openTask) vscode.postMessage({ type: 'openTask', key: el.dataset.openTask });
  else if (el.dataset.openFile) vscode.postMessage({ type: 'openFile', path: el.dataset.openFile });
});
window.addEventListener('message', (e) => {
  if (e.data?.type !== 'render') return;
  const focused = document.activeElement?.dataset?.focus;
  root.innerHTML = e.data.body;
  if (focused) root.querySelector('[data-focus="' + CSS.escape(focused) + '"]')?.focus();
});
</script></body></html>`;
}

/** A fresh nonce for each document. */
export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 32 }, () => chars[Math.floor(random() * chars.length)] ?? 'A').join('');
}
