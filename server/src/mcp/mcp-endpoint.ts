/**
 * MCP over Streamable HTTP at /mcp: one transport and server per session (the SDK's session id header),
 * bodies read with the same size limit as every other request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { parseToolsets } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import type { Actor } from '../common/actor.ts';
import { readJsonBody, sendJson } from '../http/body.ts';
import { createMcpServer } from './mcp-server.ts';

const jsonRpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

export class McpEndpoint {
  readonly #services: Services;
  readonly #onInternalError: (error: unknown) => void;
  readonly #sessions = new Map<string, StreamableHTTPServerTransport>();

  constructor(services: Services, onInternalError: (error: unknown) => void) {
    this.#services = services;
    this.#onInternalError = onInternalError;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, actor: Actor): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? this.#sessions.get(sessionId) : undefined;
    if (req.method !== 'POST') {
      if (!existing) return sendJson(res, 400, jsonRpcError(-32000, 'unknown or missing mcp-session-id: initialize a session first'));
      return existing.handleRequest(req, res);
    }
    const body = await readJsonBody(req, res);
    if (body === undefined) return;
    if (existing) return existing.handleRequest(req, res, body);
    if (typeof sessionId === 'string') {
      return sendJson(res, 404, jsonRpcError(-32001, 'this MCP session has ended (the server may have restarted): initialize a new one'));
    }
    if (!isInitializeRequest(body)) return sendJson(res, 400, jsonRpcError(-32000, 'no session: the first request must be initialize'));
    // `?toolsets=planning,policy` (or `all`) adds those tools to the core catalogue for this session.
    const toolsets = parseToolsets(new URL(req.url ?? '/', 'http://localhost').searchParams.get('toolsets'));
    if (!toolsets.ok) return sendJson(res, 400, jsonRpcError(-32602, toolsets.message));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.#sessions.set(id, transport);
      },
      onsessionclosed: (id) => {
        this.#sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) this.#sessions.delete(transport.sessionId);
    };
    const server = createMcpServer(this.#services, { actor, agentId: undefined }, this.#onInternalError, toolsets.toolsets);
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async close(): Promise<void> {
    const transports = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(transports.map((t) => t.close()));
  }
}
