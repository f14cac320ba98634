/**
 * Policies on the server may let a change through with warnings, or hold it for a human's approval
 * (`warnings`, `pending_approval` on task-change and lock results). Read structurally, so a server
 * without policies (no such fields) reads as "nothing to say".
 */

export interface PolicyNotes {
  readonly warnings: readonly string[];
  /** Set when nothing was changed: the request waits for approval. */
  readonly pending: string | null;
}

export function policyNotes(result: unknown): PolicyNotes {
  if (typeof result !== 'object' || result === null) return { warnings: [], pending: null };
  const warnings = 'warnings' in result && Array.isArray(result.warnings) ? result.warnings.map(String) : [];
  let pending: string | null = null;
  if ('pending_approval' in result && typeof result.pending_approval === 'object' && result.pending_approval !== null) {
    const p = result.pending_approval as { policy?: unknown; message?: unknown };
    pending = `policy ${String(p.policy ?? '?')}: ${String(p.message ?? 'needs approval')}`;
  }
  return { warnings, pending };
}

/** One line for a person or a model, or '' when the policies had nothing to say. */
export function policyText(result: unknown): string {
  const notes = policyNotes(result);
  const parts: string[] = [];
  if (notes.pending) parts.push(`Waiting for a human's approval — nothing changed yet (${notes.pending}).`);
  if (notes.warnings.length > 0) parts.push(`Policy warnings: ${notes.warnings.join('; ')}.`);
  return parts.join(' ');
}
