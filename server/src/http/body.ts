/** Reading JSON request bodies with the shared size limit, and answering with JSON. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '@agent-coordinator/shared';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The parsed body, or undefined after answering 413/400 itself. */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMITS.requestBytes) {
      sendJson(res, 413, { error: `request body larger than ${LIMITS.requestBytes} bytes: send less per call` });
      req.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'request body is not valid JSON' }, id: null });
    return undefined;
  }
}
