/**
 * Parses what the board panel posts (shared/board-bridge.ts), naming the bad field. Its own module because
 * it is the extension's one use of zod, the largest part of the bundle: the panel loads it with its
 * first message, so activation does not evaluate zod at all. No `vscode` here.
 */
import { BoardPanelRequestSchema, type BoardPanelRequest } from '@agent-coordinator/shared/board-bridge';

export type ParsedRequest = { readonly ok: true; readonly request: BoardPanelRequest } | { readonly ok: false; readonly error: string };

/** A message from the panel, or what is wrong with it (naming the field). */
export function parseBoardPanelRequest(message: unknown): ParsedRequest {
  const parsed = BoardPanelRequestSchema.safeParse(message);
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `board panel sent a bad message: ${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : 'unreadable'}` };
}
