/**
 * "Ask to release": the user who wants to edit a file asks its holder to let go. The coordinator has no
 * release-request event yet, so the request travels as an inbox task assigned to the holder — visible to
 * every client at once (task.created) and offered to the holder first by get_next_task. When the server
 * gains a dedicated procedure, a second implementation of this interface replaces the inbox one.
 */
import type { Agent, Lock, Task } from '@agent-coordinator/shared';
import type { CoordinatorApi } from './coordinator-api.ts';

export interface ReleaseRequest {
  readonly lock: Lock;
  readonly path: string;
  readonly requester: Agent;
  readonly note?: string;
}

export interface ReleaseRequestResult {
  readonly via: 'inbox-task' | 'event';
  readonly task?: Task;
}

export interface ReleaseRequestChannel {
  ask(request: ReleaseRequest): Promise<ReleaseRequestResult>;
}

export function releaseRequestTask(request: ReleaseRequest): { title: string; description: string } {
  const heldFor = request.lock.task_key ? ` (held for ${request.lock.task_key})` : '';
  return {
    title: `Release ${request.path} for ${request.requester.name}`.slice(0, 200),
    description: [
      `${request.requester.name} asked you to release your lock on ${request.lock.path}${heldFor}.`,
      request.note ? `Note: ${request.note}` : '',
      `When you can, call release_files with paths ["${request.lock.path}"] (or finish the task that holds it), then complete this task.`,
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

export class InboxTaskReleaseRequests implements ReleaseRequestChannel {
  readonly #api: () => CoordinatorApi;

  constructor(api: () => CoordinatorApi) {
    this.#api = api;
  }

  async ask(request: ReleaseRequest): Promise<ReleaseRequestResult> {
    const { title, description } = releaseRequestTask(request);
    const task = await this.#api().tasks.create.mutate({ title, description, priority: 'high', assignee: request.lock.held_by_id });
    return { via: 'inbox-task', task };
  }
}

/** The event a future server would send for a release request (handled when it appears on the stream). */
export interface ReleaseRequestedEvent {
  readonly type: 'lock.release_requested';
  readonly paths: readonly string[];
  readonly holder_id: string;
  readonly requested_by: string;
  readonly requested_by_id: string;
  readonly message?: string;
}

export function isReleaseRequestedEvent(message: unknown): message is ReleaseRequestedEvent {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return m['type'] === 'lock.release_requested' && Array.isArray(m['paths']) && typeof m['holder_id'] === 'string';
}

/** A release request that arrived as an inbox task (see releaseRequestTask): the path and who asked. */
export function parseReleaseRequestTask(task: Task): { readonly path: string; readonly requester: string } | null {
  const title = /^Release (.+) for (.+)$/.exec(task.title);
  const lockPath = /asked you to release your lock on (\S+?)(?: \(held for [^)]*\))?\.\n/.exec(`${task.description}\n`);
  if (!title || !lockPath?.[1] || !title[2]) return null;
  return { path: lockPath[1], requester: title[2] };
}
