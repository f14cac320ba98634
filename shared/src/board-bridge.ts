/**
 * The messages between the board in a VS Code panel (the dashboard's board-embed bundle, in a webview)
 * and the extension that hosts it. The panel holds no token and opens no connection of its own: its tRPC
 * client sends each query and mutation to the extension, which makes the call with its own signed-in
 * client and answers; its one event subscription is fed from the extension's live connection. So the
 * panel is signed in exactly when the window is, and reconnects when the window does.
 *
 * The extension parses what the panel posts with `BoardPanelRequestSchema` (an edge like any other).
 */
import * as z from 'zod';
import type { StreamMessage } from './event.ts';

/** A procedure path: an operation's snake_case name such as `list_tasks` (docs/operations.md), nothing else. */
const ProcedurePathSchema = z.string().regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'a procedure path such as list_tasks');

export const BoardPanelRequestSchema = z.discriminatedUnion('type', [
  /** A query or mutation; answered by one `result` with the same id. */
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), kind: z.enum(['query', 'mutation']), path: ProcedurePathSchema, input: z.unknown() }),
  /** Start (or stop) receiving the window's live events as `event` messages. */
  z.object({ type: z.literal('subscribe') }),
  z.object({ type: z.literal('unsubscribe') }),
  /** A card's key was clicked: the extension opens its own task panel. */
  z.object({ type: z.literal('openTask'), key: z.string().min(1) }),
]);
export type BoardPanelRequest = z.infer<typeof BoardPanelRequestSchema>;

/** The server's error as its tRPC error formatter shaped it (message, code, data). */
export interface BoardPanelErrorShape {
  readonly message: string;
  readonly code: number;
  readonly data?: unknown;
}

export type BoardPanelReply =
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly data: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: BoardPanelErrorShape }
  /** The window's live connection is up (`live: true`) or down, with the reason. */
  | { readonly type: 'live'; readonly live: boolean; readonly error?: string }
  /** One message of the window's event stream (an event, or `stream.resync` after a gap). */
  | { readonly type: 'event'; readonly message: StreamMessage };
