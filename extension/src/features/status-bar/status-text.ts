/** What the status bar says for a connection status (no VS Code import: unit-tested with the other logic). */
import type { Task } from '@agent-coordinator/shared';
import type { ConnectionStatus } from '../../common/live-connection.ts';

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
  /** Render again after this many ms (a countdown), or null. */
  readonly refreshInMs: number | null;
}

export function describeStatus(status: ConnectionStatus, task: Task | null, serverUrl: string, me: string | null, now: number): StatusView {
  const who = me ? `You are **${me}**.` : '';
  switch (status.kind) {
    case 'connected': {
      const text = task ? `$(check) ${task.key} ${truncate(task.title, 30)}` : '$(check) Coordinator';
      const work = task ? `Working on **${task.key}** ${task.title} (${task.status === 'in_progress' ? 'in progress' : task.status}).` : 'No current task.';
      return { text, tooltip: `Agent Coordinator: connected to ${serverUrl}\n\n${who} ${work}`, warning: false, refreshInMs: null };
    }
    case 'idle':
    case 'connecting':
      return { text: '$(sync~spin) Coordinator', tooltip: `Agent Coordinator: connecting to ${serverUrl}…`, warning: false, refreshInMs: null };
    case 'reconnecting':
    case 'offline': {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      const label = status.kind === 'offline' ? 'offline' : 'reconnecting';
      return {
        text: `${status.kind === 'offline' ? '$(debug-disconnect)' : '$(sync~spin)'} Coordinator ${label}`,
        tooltip: `Agent Coordinator: ${label} — ${serverUrl}\n\n${status.error}\n\nRetrying in ${seconds} s (attempt ${status.attempt}). Click for options.`,
        warning: status.kind === 'offline',
        refreshInMs: seconds > 0 ? 1000 : null,
      };
    }
    case 'refused': {
      const signIn = status.code === 'UNAUTHENTICATED';
      return {
        text: signIn ? '$(account) Coordinator: sign in' : '$(circle-slash) Coordinator: no access',
        tooltip: `Agent Coordinator: ${signIn ? 'not signed in to' : 'no access to the project on'} ${serverUrl}\n\n${status.error}\n\nClick for options (Sign In, Set Server Token, the project setting).`,
        warning: true,
        refreshInMs: null,
      };
    }
    case 'stopped':
      return { text: '$(debug-disconnect) Coordinator', tooltip: 'Agent Coordinator: stopped', warning: false, refreshInMs: null };
  }
}

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
