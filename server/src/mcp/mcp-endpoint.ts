/**
 * MCP over Streamable HTTP at /mcp: one transport and server per session (the SDK's session id header),
 * bodies read with the same size limit as every other request. Every request is authenticated, and a
 * session also keeps checking the token it was opened with (credential-watch.ts): once that token is
 * revoked, logged out or its account disabled, the session closes, its server-to-client stream with it.
 * A session idle for `idleMs` (idle-timer.ts: no request and no open event stream) is closed too; a later
 * request on it gets 404 and initializes a new one, as after a restart.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { parseToolsets } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import { CoordinatorError, type ErrorCode } from '@agent-coordinator/shared';
import type { Actor } from '../common/actor.ts';
import { readJsonBody, sendJson } from '../http/body.ts';
import type { PresentedCredentials } from '../http/credentials.ts';
import type { Identity } from '../modules/auth/identity.ts';
import type { CredentialWatch } from '../modules/auth/credential-watch.ts';
import { createMcpServer } from './mcp-server.ts';
import { IdleTimer } from './idle-timer.ts';

/** A yes/no query parameter: absent is no; anything but 1/0/true/false is undefined (refused). */
function parseFlag(raw: string | null): boolean | undefined {
  if (raw === null || raw === '' || raw === '0' || raw === 'false') return false;
  return raw === '1' || raw === 'true' ? true : undefined;
}

const jsonRpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

const AUTH_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, VALIDATION: 400, NOT_FOUND: 404 };

/** The credential a session was opened with: every later request of the session must present the same one. */
const credentialOf = (identity: Identity): string => (identity.kind === 'local' ? 'local' : identity.credentialId);

/** The id of a single JSON-RPC request (not a batch or notification). */
function jsonRpcRequestId(body: unknown): string | number | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('id' in body)) return undefined;
  const id: unknown = body.id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly hangups: Map<string | number, AbortSignal>;
  readonly credential: string;
  readonly idle: IdleTimer;
}

const SESSION_ENDED = 'this MCP session has ended (the server may have restarted or it was idle too long): initialize a new one';

export class McpEndpoint {
  readonly #services: Services;
  readonly #onInternalError: (error: unknown) => void;
  readonly #sessions = new Map<string, Session>();
  readonly #idleMs: number;

  constructor(services: Services, onInternalError: (error: unknown) => void, options: { readonly idleMs: number }) {
    this.#services = services;
    this.#onInternalError = onInternalError;
    this.#idleMs = options.idleMs;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse, presented: PresentedCredentials): Promise<void> {
    let identity: Identity;
    let actor: Actor;
    try {
      identity = await this.#services.auth.identify(presented.token, presented.clientAddress);
      actor = this.#services.auth.actorFor(identity, presented.project);
    } catch (error) {
      if (!(error instanceof CoordinatorError)) throw error;
      if (error.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer realm="agent-coordinator"');
      return sendJson(res, AUTH_STATUS[error.code] ?? 400, jsonRpcError(-32001, error.message));
    }
    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? this.#sessions.get(sessionId) : undefined;
    if (session && session.credential !== credentialOf(identity)) {
      return sendJson(res, 403, jsonRpcError(-32001, 'this MCP session belongs to another credential: initialize your own session'));
    }
    session?.idle.track(res);
    const existing = session?.transport;
    if (req.method !== 'POST') {
      if (existing) return existing.handleRequest(req, res);
      if (typeof sessionId === 'string') return sendJson(res, 404, jsonRpcError(-32001, SESSION_ENDED));
      return sendJson(res, 400, jsonRpcError(-32000, 'missing mcp-session-id: initialize a session first'));
    }
    const body = await readJsonBody(req, res);
    if (body === undefined) return;
    // JSON-RPC 2.0: an empty batch is one Invalid Request error, not an accepted batch of nothing.
    if (Array.isArray(body) && body.length === 0) return sendJson(res, 400, jsonRpcError(-32600, 'empty JSON-RPC batch: send a request object, or an array of at least one'));
    if (existing) {
      const requestId = jsonRpcRequestId(body);
      const hangups = session && requestId !== undefined ? session.hangups : undefined;
      if (hangups && requestId !== undefined) {
        // A client that hangs up mid-call (a waiting lock_files) aborts the call: it leaves the wait queue.
        const gone = new AbortController();
        hangups.set(requestId, gone.signal);
        res.once('close', () => {
          hangups.delete(requestId);
          if (!res.writableFinished) gone.abort();
        });
      }
      return existing.handleRequest(req, res, body);
    }
    if (typeof sessionId === 'string') return sendJson(res, 404, jsonRpcError(-32001, SESSION_ENDED));
    if (!isInitializeRequest(body)) return sendJson(res, 400, jsonRpcError(-32000, 'no session: the first request must be initialize'));
    // `?toolsets=planning,policy` (or `all`) adds those tools to the core catalogue for this session;
    // `?output_schemas=1` lists output schemas and answers with structuredContent (docs/tool-budget.md).
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const toolsets = parseToolsets(query.get('toolsets'));
    if (!toolsets.ok) return sendJson(res, 400, jsonRpcError(-32602, toolsets.message));
    const outputSchemas = parseFlag(query.get('output_schemas'));
    if (outputSchemas === undefined) return sendJson(res, 400, jsonRpcError(-32602, 'output_schemas must be 1 or 0 (true or false)'));
    // Watched from when the session exists: an initialize that fails leaves no timer behind.
    let credential: CredentialWatch | null = null;
    const hangups = new Map<string | number, AbortSignal>();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        const idle = new IdleTimer(this.#idleMs, () => void transport.close());
        this.#sessions.set(id, { transport, hangups, credential: credentialOf(identity), idle });
        credential = this.#services.auth.watch(presented.token, presented.clientAddress);
        credential.signal.addEventListener('abort', () => void transport.close(), { once: true });
      },
      onsessionclosed: (id) => {
        this.#sessions.get(id)?.idle.stop();
        this.#sessions.delete(id);
      },
    });
    transport.onclose = () => {
      credential?.stop();
      if (!transport.sessionId) return;
      this.#sessions.get(transport.sessionId)?.idle.stop();
      this.#sessions.delete(transport.sessionId);
    };
    const server = createMcpServer(this.#services, { actor, agentId: undefined, hangups }, this.#onInternalError, {
      toolsets: toolsets.toolsets,
      outputSchemas,
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async close(): Promise<void> {
    const transports = [...this.#sessions.values()].map((s) => s.transport);
    this.#sessions.clear();
    await Promise.allSettled(transports.map((t) => t.close()));
  }
}
