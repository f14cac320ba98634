/**
 * The language-model tools the extension contributes for Copilot agent mode: the core actions (next task,
 * lock / check / release files, complete task) under the shared catalogue's names. They act as the
 * window's Copilot agent. Results and errors are written for the model: what happened and what to do next.
 */
import type { Lock, LockConflict } from '@agent-coordinator/shared';
import { coordinatorErrorCode, errorMessage, type CoordinatorApi } from './coordinator-api.ts';
import { until } from './format.ts';
import { policyNotes, policyText } from './policy-outcome.ts';

export const LM_TOOL_NAMES = ['get_next_task', 'lock_files', 'check_files', 'release_files', 'complete_task'] as const;
export type LmToolName = (typeof LM_TOOL_NAMES)[number];

type Input = Readonly<Record<string, unknown>>;

/**
 * The model's arguments go to the server as they are (plus this window's agent id): the server parses them
 * with the same shared schema the manifest's inputSchema comes from, and its VALIDATION errors name the
 * field and what to send. Passing them through keeps new fields of the catalogue working without a release.
 */
const serverInput = <T>(input: Input): T => input as T;
const withoutAgent = (input: Input): Input => Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'agent_id'));

const paths = (input: Input): string[] => (Array.isArray(input['paths']) ? input['paths'].map(String) : []);
const str = (input: Input, key: string): string | undefined => (typeof input[key] === 'string' ? input[key] : undefined);
const list = (items: readonly string[]): string => (items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`);

/** The confirmation shown before a tool changes state; undefined for read-only tools. */
export function confirmation(name: LmToolName, input: Input): { readonly title: string; readonly message: string } | undefined {
  switch (name) {
    case 'get_next_task':
      return { title: 'Claim the next task?', message: 'Copilot will claim the best open task on the coordinator and lock its files for itself.' };
    case 'lock_files':
      return { title: 'Lock files?', message: `Copilot will lock ${list(paths(input))} (${str(input, 'mode') ?? 'exclusive'}) so no other agent edits them.` };
    case 'release_files':
      return { title: 'Release files?', message: `Copilot will release its locks on ${list(paths(input))}.` };
    case 'complete_task':
      return { title: 'Complete the task?', message: `Copilot will mark ${str(input, 'task_id') ?? 'the task'} done and release its file locks.` };
    case 'check_files':
      return undefined;
  }
}

/** The progress line while the tool runs. */
export function invocationMessage(name: LmToolName, input: Input): string {
  switch (name) {
    case 'get_next_task':
      return 'Claiming the next task from the coordinator';
    case 'lock_files':
      return `Locking ${list(paths(input))}`;
    case 'check_files':
      return `Checking who holds ${list(paths(input))}`;
    case 'release_files':
      return `Releasing ${list(paths(input))}`;
    case 'complete_task':
      return `Completing ${str(input, 'task_id') ?? 'task'}`;
  }
}

const conflictLine = (c: LockConflict): string =>
  `${c.path} is held by ${c.held_by}${c.task_key ? ` for ${c.task_key}` : ''} (${c.mode}, ${until(c.expires_at)}${c.held_path !== c.path ? `, via ${c.held_path}` : ''})`;
const lockLine = (l: Lock): string => `${l.path} (${l.mode}${l.task_key ? `, ${l.task_key}` : ''}, ${until(l.expires_at)})`;

/** Runs a tool as `agentId` and returns the text the model reads. Throws only on transport or server errors. */
export async function runLmTool(api: CoordinatorApi, agentId: string, name: LmToolName, input: Input): Promise<string> {
  switch (name) {
    case 'get_next_task': {
      const result = await api.get_next_task.mutate({ agent_id: agentId });
      if (!result.task) return `No task was handed out: ${result.reason ?? 'the queue is empty'}. Tell the user, or try again later.`;
      const t = result.task;
      return [
        `Claimed ${t.key} "${t.title}" (priority ${t.priority}).`,
        t.description ? `Description: ${t.description}` : '',
        result.locks.length > 0 ? `Locked for you: ${result.locks.map(lockLine).join('; ')}.` : 'It declares no files; lock_files any file before you edit it.',
        `When the work is done call complete_task with task_id "${t.key}" and a short summary.`,
      ]
        .filter(Boolean)
        .join('\n');
    }
    case 'lock_files': {
      const result = await api.lock_files.mutate(serverInput({ ...input, agent_id: agentId }));
      if (policyNotes(result).pending) return `Not locked yet: ${policyText(result)} Tell the user; try again after the approval.`;
      if (result.granted) return `Locked ${result.locks.map(lockLine).join('; ')}. Edit them now; call release_files when you are done. ${policyText(result)}`.trim();
      return `Not granted (nothing was locked): ${result.conflicts.map(conflictLine).join('; ')}. Work on other files, wait for the holder, or ask the user.`;
    }
    case 'check_files': {
      // agent_id only matters with content_hashes (changes by others since you read the files).
      const result = await api.check_files.query(serverInput('content_hashes' in input ? { ...input, agent_id: agentId } : withoutAgent(input)));
      return result.files
        .map((f) => (f.locked ? `${f.path}: held by ${f.held_by ?? '?'}${f.task_key ? ` for ${f.task_key}` : ''} (${f.mode ?? 'exclusive'}, ${until(f.expires_at ?? '')})` : `${f.path}: free`))
        .join('\n');
    }
    case 'release_files': {
      const result = await api.release_files.mutate(serverInput({ ...input, agent_id: agentId }));
      const parts = [result.released.length > 0 ? `Released ${result.released.join(', ')}.` : 'Nothing was released.'];
      if (result.not_held.length > 0) parts.push(`You did not hold ${result.not_held.join(', ')} (paths must match exactly as locked; check_files shows holders).`);
      return parts.join(' ');
    }
    case 'complete_task': {
      const task = await api.complete_task.mutate(serverInput({ ...input, agent_id: agentId }));
      if (policyNotes(task).pending) return `${task.key} is still ${task.status}: ${policyText(task)} Tell the user.`;
      return `${task.key} is ${task.status}; its file locks were released. Call get_next_task for more work. ${policyText(task)}`.trim();
    }
  }
}

/** An error as the model should read it: the coordinator's code and message, or what to do when it is unreachable. */
export function toolErrorText(error: unknown, serverUrl: string): string {
  const code = coordinatorErrorCode(error);
  if (code) return `${code}: ${errorMessage(error)}`;
  const message = errorMessage(error);
  if (/fetch failed|ECONNREFUSED|not running|ENOTFOUND|timed out/i.test(message)) {
    return `UNAVAILABLE: the coordinator at ${serverUrl} is not reachable (${message}). Ask the user to start it (command "Agent Coordinator: Start Local Server") or check agentCoordinator.serverUrl, then try again.`;
  }
  return `ERROR: ${message}. Try again; if it persists, tell the user.`;
}
