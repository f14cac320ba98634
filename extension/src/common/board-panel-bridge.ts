/**
 * The extension's side of the board panel's bridge (shared/board-bridge.ts): makes the panel's calls with
 * the window's own tRPC client (so they carry the window's token and project, and the panel needs
 * neither), and decides what the panel hears of the live connection; board-panel-request.ts parses what
 * the panel posts. No `vscode` here: the panel feature wires it to a webview.
 */
import { getUntypedClient, TRPCClientError } from '@trpc/client';
import type { BoardPanelErrorShape, BoardPanelReply, BoardPanelRequest, StreamMessage } from '@agent-coordinator/shared';
import type { CoordinatorApi } from './coordinator-api.ts';
import type { ConnectionStatus } from './live-connection.ts';

/** JSON-RPC's internal error: a call that failed before the server answered (the network, a bad path). */
const INTERNAL_ERROR = -32603;

/** Runs one `call` with the window's client and answers it; never throws (a failure is the answer). */
export async function answerCall(api: CoordinatorApi, call: Extract<BoardPanelRequest, { type: 'call' }>): Promise<BoardPanelReply> {
  const client = getUntypedClient(api);
  try {
    const data: unknown = call.kind === 'query' ? await client.query(call.path, call.input) : await client.mutation(call.path, call.input);
    return { type: 'result', id: call.id, ok: true, data };
  } catch (error) {
    return { type: 'result', id: call.id, ok: false, error: errorShape(error) };
  }
}

function errorShape(error: unknown): BoardPanelErrorShape {
  if (error instanceof TRPCClientError) {
    const shape: unknown = error.shape;
    if (typeof shape === 'object' && shape !== null && 'code' in shape && typeof shape.code === 'number') {
      return { message: error.message, code: shape.code, data: 'data' in shape ? shape.data : undefined };
    }
  }
  return { message: error instanceof Error ? error.message : String(error), code: INTERNAL_ERROR };
}

/** What the panel is told of the window's connection. */
export function liveReply(status: ConnectionStatus): BoardPanelReply {
  if (status.kind === 'connected') return { type: 'live', live: true };
  return { type: 'live', live: false, error: 'error' in status ? status.error : `the window is ${status.kind === 'idle' ? 'not connected yet' : status.kind}` };
}

/**
 * After the window (re)connected, its state may have been reloaded from a snapshot rather than replayed
 * event by event: the panel is told to reload too, with the stream's own signal for that.
 */
export function reloadSignal(lastEventId: number | null, at: Date): StreamMessage {
  const id = lastEventId ?? 0;
  return { type: 'stream.resync', id, at: at.toISOString(), reason: 'the window reconnected to the coordinator', resume_from: id };
}
