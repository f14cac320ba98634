/** The prompt a run gives its agent: the task, and how to report to the coordinator as the run's agent. */
import type { RunTask } from './agent-adapter.ts';

export const runPrompt = (task: RunTask, agentName: string): string =>
  [
    `You are agent "${agentName}" working on task ${task.key}: ${task.title}`,
    '',
    task.description || '(no description)',
    '',
    task.files.length > 0 ? `Files of this task (already locked for you): ${task.files.join(', ')}` : 'The task names no files: lock any file before you edit it.',
    '',
    `The task is already claimed for you. Lock any other file before editing it (lock_files). When done, call complete_task for ${task.key} with a short summary;`,
    `if you cannot finish, update_task with status failed and say why. If you just exit, exit code 0 completes the task and any other fails it.`,
  ].join('\n');
