/**
 * "Ask to release": the user who wants to edit a file asks its holder to let go (`locks.requestRelease`);
 * the coordinator sends the holder a `lock.release_requested` event. Here: what the holder's window makes
 * of such an event — whether it is addressed to this window, which of the paths it still holds, and the
 * line the notification shows.
 */
import type { CoordinatorEvent, Lock } from '@agent-coordinator/shared';

export type ReleaseRequestedEvent = Extract<CoordinatorEvent, { type: 'lock.release_requested' }>;

export interface ReleasePrompt {
  /** The holder this window acts as (the human, or its Copilot agent). */
  readonly agentId: string;
  /** The requested paths it still holds (a request may arrive after the lock was let go). */
  readonly paths: readonly string[];
  readonly text: string;
}

/** The prompt for a request addressed to one of this window's agents, or null when there is nothing to release. */
export function releasePrompt(event: ReleaseRequestedEvent, locks: readonly Lock[], selfIds: ReadonlySet<string>): ReleasePrompt | null {
  if (!selfIds.has(event.holder_id) || selfIds.has(event.requested_by_id)) return null;
  const held = new Set(locks.filter((l) => l.held_by_id === event.holder_id).map((l) => l.path));
  const paths = event.paths.filter((p) => held.has(p));
  if (paths.length === 0) return null;
  const note = event.message ? ` — “${event.message}”` : '';
  return { agentId: event.holder_id, paths, text: `${event.requested_by} asks you to release ${paths.join(', ')}${note}.` };
}

/** What the requester is told: who was asked, or that nobody holds the path any more. */
export function releaseRequestedText(path: string, requested: readonly { readonly holder: string; readonly paths: readonly string[] }[]): string {
  if (requested.length === 0) return `nobody else holds ${path} any more — go ahead.`;
  return `asked ${requested.map((r) => r.holder).join(', ')} to release ${[...new Set(requested.flatMap((r) => r.paths))].join(', ')}; you will see the lock go when they do.`;
}
