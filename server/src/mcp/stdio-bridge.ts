/**
 * The stdio MCP bridge, for clients that can only spawn a command: JSON-RPC messages read from stdin
 * go to a running coordinator's Streamable HTTP endpoint and everything it sends comes back on stdout,
 * unchanged. stdout carries only the protocol; diagnostics go to the log (stderr). When the coordinator
 * cannot be reached, each request is answered with a JSON-RPC error that says how to start one, so the
 * client fails fast instead of waiting for a reply that never comes. The bridge ends when stdin ends
 * (or the client goes away) and ends its HTTP session with it. Every HTTP request carries the headers
 * it was given (the token and project: `Authorization`, `X-Coordinator-Project`); they are never logged.
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

export interface StdioBridgeOptions {
  /** The coordinator's base URL (`http://127.0.0.1:7421`); the bridge talks to `${url}/mcp`. */
  readonly url: string;
  /** Toolsets beyond the core one (`planning,policy`, `all`), asked of the coordinator at initialize. */
  readonly toolsets?: string | undefined;
  /** Ask for output schemas and structuredContent (`/mcp?output_schemas=1`). */
  readonly outputSchemas?: boolean | undefined;
  /** Sent with every request to the coordinator: `authorization` and the project header, when there are any. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Where diagnostics go; never stdout. */
  readonly log?: (message: string) => void;
}

/** How long ending the HTTP session may delay the exit. */
const TERMINATE_TIMEOUT_MS = 1_000;

const logToStderr = (message: string): void => {
  process.stderr.write(`agent-coordinator mcp: ${message}\n`);
};

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
};

/** The text of a JSON-RPC error the coordinator answered with, when the HTTP error body is one. */
function jsonRpcErrorText(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return undefined;
    const { error } = parsed;
    if (typeof error !== 'object' || error === null || !('message' in error)) return undefined;
    return typeof error.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What to tell the client when a message could not be delivered to the coordinator. `inSession`: the
 * coordinator had given this bridge a session (a 404 then means it forgot it; before, the 404 is about
 * what the request named, such as an unknown project).
 */
export function unreachableMessage(url: string, error: unknown, inSession = true): string {
  if (error instanceof StreamableHTTPError && (error.code === 401 || error.code === 403)) {
    const body = jsonRpcErrorText(error.message.replace(/^.*?Error POSTing to endpoint: /s, ''));
    const fix =
      error.code === 401
        ? 'start the MCP server with --token or COORDINATOR_TOKEN set to an agent token (agent-coordinator issue-agent-token NAME), or log in first (agent-coordinator login NAME)'
        : 'check --project / COORDINATOR_PROJECT, or ask an admin for access';
    return `the coordinator at ${url} refused the credentials (HTTP ${error.code})${body ? `: ${body}` : ''} — ${fix}`;
  }
  if (error instanceof StreamableHTTPError && error.code === 404 && inSession) {
    // A restarted coordinator has forgotten the session (or closed it as idle: its event stream was gone
    // for --mcp-session-idle), and a stdio client cannot open a new one itself.
    return `the coordinator at ${url} no longer knows this MCP session (it restarted, or closed the session as idle) — restart the MCP server (\`agent-coordinator mcp\`) to open a new one`;
  }
  if (error instanceof StreamableHTTPError) {
    // The coordinator answered, but refused the message (its session ended, a bad request...).
    const body = error.message.replace(/^.*?Error POSTing to endpoint: /s, '');
    return `the coordinator at ${url} refused the message (HTTP ${error.code ?? '?'}): ${jsonRpcErrorText(body) ?? body}`;
  }
  return `no coordinator at ${url} — start it with \`agent-coordinator serve\` (${describe(error)})`;
}

/**
 * Runs the bridge until stdin ends, the client's pipe breaks or the HTTP side closes. Resolves once
 * both transports are closed.
 */
export async function runStdioBridge(options: StdioBridgeOptions): Promise<void> {
  const { url } = options;
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const log = options.log ?? logToStderr;

  const stdio = new StdioServerTransport(stdin, stdout);
  const endpoint = new URL('mcp', url.endsWith('/') ? url : `${url}/`);
  if (options.toolsets) endpoint.searchParams.set('toolsets', options.toolsets);
  if (options.outputSchemas) endpoint.searchParams.set('output_schemas', '1');
  const headers = options.headers ?? {};
  const http = new StreamableHTTPClientTransport(endpoint, Object.keys(headers).length > 0 ? { requestInit: { headers: { ...headers } } } : undefined);
  /** Ids of forwarded initialize requests: their result carries the protocol version the HTTP side must announce. */
  const initializeIds = new Set<RequestId>();
  /** Errors of failed sends, already reported with the answer to the client: not logged twice. */
  const reported = new WeakSet<Error>();

  let closing = false;
  let resolveClosed = (): void => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = async (why: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log(`closing: ${why}`);
    stdin.off('end', onStdinEnd);
    stdin.off('close', onStdinEnd);
    stdout.off('error', onStdoutError);
    // Ending the session frees it on the coordinator at once instead of when it restarts.
    const terminate = http.terminateSession().catch(() => undefined);
    await Promise.race([terminate, new Promise((resolve) => setTimeout(resolve, TERMINATE_TIMEOUT_MS).unref())]);
    await Promise.allSettled([http.close(), stdio.close()]);
    resolveClosed();
  };
  const onStdinEnd = (): void => void close('stdin ended');
  const onStdoutError = (error: Error): void => void close(`stdout failed: ${error.message}`);

  const toClient = (message: JSONRPCMessage): void => {
    stdio.send(message).catch((error: unknown) => log(`could not write to stdout: ${describe(error)}`));
  };

  stdio.onmessage = (message) => {
    if (closing) return;
    if (isJSONRPCRequest(message) && message.method === 'initialize') initializeIds.add(message.id);
    http.send(message).catch((error: unknown) => {
      if (error instanceof Error) reported.add(error);
      const text = unreachableMessage(url, error, http.sessionId !== undefined);
      log(text);
      if (isJSONRPCRequest(message)) {
        initializeIds.delete(message.id);
        toClient({ jsonrpc: '2.0', id: message.id, error: { code: ErrorCode.ConnectionClosed, message: text, data: { url } } });
      }
    });
  };
  http.onmessage = (message) => {
    if (isJSONRPCResultResponse(message) && initializeIds.delete(message.id)) {
      const version = message.result['protocolVersion'];
      if (typeof version === 'string') http.setProtocolVersion(version);
    }
    toClient(message);
  };
  stdio.onerror = (error) => log(`stdin: ${describe(error)}`);
  // The transport reports a failed send here and then rejects it; the rejection handler (a microtask
  // later) logs it with its answer, so only errors of the background event stream are logged here.
  http.onerror = (error) => {
    setImmediate(() => {
      if (!reported.has(error)) log(`coordinator ${url}: ${describe(error)}`);
    });
  };
  stdio.onclose = () => void close('stdio closed');
  http.onclose = () => void close('coordinator connection closed');

  stdin.on('end', onStdinEnd);
  stdin.on('close', onStdinEnd);
  stdout.on('error', onStdoutError);
  await http.start();
  await stdio.start();
  log(`bridging stdio to ${url}/mcp`);
  await closed;
}
