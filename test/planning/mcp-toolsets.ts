/**
 * MCP test sessions with toolsets beyond the core catalogue (`/mcp?toolsets=...`), and a call helper
 * for their tools (the typed `call` of McpTestClient knows the core catalogue only).
 */
import assert from 'node:assert/strict';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { firstText, McpTestClient, resultJson } from '../mcp/mcp-client.ts';

export class ToolsetClient extends McpTestClient {
  /** Calls any tool that must succeed and returns its JSON result. */
  async callAny(name: string, args: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.raw(name, args);
    assert.notEqual(result.isError, true, `${name} failed: ${result.isError ? firstText(result) : ''}`);
    return resultJson(result);
  }
}

export function toolsetClient(url: string, toolsets: string, name = 'toolset-test'): ToolsetClient {
  return new ToolsetClient(new StreamableHTTPClientTransport(new URL(`${url}/mcp?toolsets=${encodeURIComponent(toolsets)}`)), name);
}
