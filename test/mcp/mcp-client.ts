/**
 * MCP test clients: the official SDK client over Streamable HTTP (as an agent's editor connects) or
 * over stdio through `agent-coordinator mcp`, with helpers that call a tool and return its structured
 * result typed by the shared output schema.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { TOOLS, type ToolName } from '@agent-coordinator/shared';

export type ToolOutput<N extends ToolName> = z.output<(typeof TOOLS)[N]['output']>;

export const CLI_MAIN = fileURLToPath(new URL('../../server/src/cli/main.ts', import.meta.url));

/** The text of an MCP result's first content item. */
export function firstText(result: CallToolResult): string {
  const first = result.content[0];
  assert.ok(first && first.type === 'text', `expected a text content item, got ${JSON.stringify(result.content)}`);
  return first.text;
}

/**
 * The JSON a successful result carries in its first text item; where the session asked for output
 * schemas, structuredContent must say the same.
 */
export function resultJson(result: CallToolResult): unknown {
  const json: unknown = JSON.parse(firstText(result));
  if (result.structuredContent !== undefined) assert.deepEqual(json, result.structuredContent);
  return json;
}

export class McpTestClient {
  readonly client: Client;
  readonly #transport: Transport;
  /** What the server wrote to stderr (stdio transport only). */
  readonly stderr: string[] = [];

  constructor(transport: Transport, name: string) {
    this.client = new Client({ name, version: '0.0.0' });
    this.#transport = transport;
  }

  /** Connects and lists the tools, so the client validates every result against its outputSchema (when listed). */
  async connect(): Promise<this> {
    await this.client.connect(this.#transport);
    await this.client.listTools();
    return this;
  }

  /** Calls a tool; returns the raw result (for error cases). */
  async raw(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    return CallToolResultSchema.parse(await this.client.callTool({ name, arguments: args }));
  }

  /**
   * Calls a tool that must succeed and returns its JSON (the text item, equal to structuredContent when
   * there is one) parsed by the shared output schema.
   */
  async call<N extends ToolName>(name: N, args: Record<string, unknown> = {}): Promise<ToolOutput<N>> {
    const result = await this.raw(name, args);
    assert.notEqual(result.isError, true, `${name} failed: ${result.isError ? firstText(result) : ''}`);
    // TypeScript widens TOOLS[name] to the union of all tools; the value was parsed by N's own schema.
    return TOOLS[name].output.parse(resultJson(result)) as ToolOutput<N>;
  }

  /** Calls a tool that must fail; returns the error text. */
  async fail(name: string, args: Record<string, unknown> = {}): Promise<string> {
    const result = await this.raw(name, args);
    assert.equal(result.isError, true, `${name} should have failed, returned ${JSON.stringify(result.structuredContent)}`);
    return firstText(result);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** A client on the server's Streamable HTTP endpoint: one MCP session. */
export function httpClient(url: string, name = 'mcp-test', headers: Record<string, string> = {}, query = ''): McpTestClient {
  return new McpTestClient(new StreamableHTTPClientTransport(new URL(`${url}/mcp${query}`), { requestInit: { headers } }), name);
}

/** A client that spawns `agent-coordinator mcp --url URL` and talks to it over stdio. */
export function stdioClient(url: string, name = 'mcp-stdio-test', extraArgs: readonly string[] = []): McpTestClient {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_MAIN, 'mcp', '--url', url, ...extraArgs],
    stderr: 'pipe',
  });
  const client = new McpTestClient(transport, name);
  transport.stderr?.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
  return client;
}
