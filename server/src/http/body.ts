/** Reading JSON request bodies with the shared size limit, and answering with JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '@agent-coordinator/shared';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export const TOO_LARGE_MESSAGE = `request body larger than ${LIMITS.requestBytes} bytes: send less per call`;

/**
 * The raw body, or null once it passed the shared size limit: `answerTooLarge` answers first, then the
 * request is destroyed (nothing more of it is read).
 */
export async function readLimitedBody(req: IncomingMessage, answerTooLarge: () => void): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMITS.requestBytes) {
      answerTooLarge();
      req.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The parsed body, or undefined after answering 413/400 itself. */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const body = await readLimitedBody(req, () => sendJson(res, 413, { error: TOO_LARGE_MESSAGE }));
  if (body === null) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'request body is not valid JSON' }, id: null });
    return undefined;
  }
}
