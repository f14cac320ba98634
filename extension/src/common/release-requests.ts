/**
 * "Ask to release": the user who wants to edit a file asks its holder to let go (`request_release`);
 * the coordinator puts a release request in the holder's inbox (the holder's window shows it through
 * common/inbox-toast.ts). Here: what the asker is told.
 */

/** What the requester is told: who was asked, or that nobody holds the path any more. */
export function releaseRequestedText(path: string, requested: readonly { readonly holder: string; readonly paths: readonly string[] }[]): string {
  if (requested.length === 0) return `nobody else holds ${path} any more — go ahead.`;
  return `asked ${requested.map((r) => r.holder).join(', ')} to release ${[...new Set(requested.flatMap((r) => r.paths))].join(', ')}; you will see the lock go when they do.`;
}
