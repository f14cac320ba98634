/**
 * The coordinator's core tools for an in-process agent, reached over MCP exactly as any other agent
 * reaches them (the official SDK client on the server's streamable-HTTP endpoint, with the run's token
 * and project), so the model's calls go through the same handlers, policies and audit as everyone's and
 * the adapter stays out of the services. The session registers as the run's agent first; the model gets
 * every core tool but `register_agent`, described by the server's own input schemas.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { CoordinatorError, PROJECT_HEADER, TOOL_NAMES } from '@agent-coordinator/shared';
import type { CoordinatorConnection } from '../agent-adapter.ts';
import type { ToolDefinition } from './chat-completions.client.ts';

const OFFERED = new Set<string>(TOOL_NAMES.filter((name) => name !== 'register_agent'));

export interface ToolAnswer {
  readonly ok: boolean;
  readonly text: string;
}

export class CoordinatorTools {
  readonly #client: Client;
  #definitions: readonly ToolDefinition[] = [];

  private constructor(client: Client) {
    this.#client = client;
  }

  static async connect(connection: CoordinatorConnection): Promise<CoordinatorTools> {
    const headers = {
      ...(connection.token ? { authorization: `Bearer ${connection.token}` } : {}),
      ...(connection.project ? { [PROJECT_HEADER]: connection.project } : {}),
    };
    const client = new Client({ name: `openai-adapter:${connection.agentName}`, version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(connection.mcpUrl), { requestInit: { headers } }));
    } catch (error) {
      throw new CoordinatorError('UNAVAILABLE', `the openai adapter could not reach the coordinator at ${connection.mcpUrl}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const tools = new CoordinatorTools(client);
    const registered = await tools.call('register_agent', { name: connection.agentName });
    if (!registered.ok) {
      await client.close();
      throw new CoordinatorError('UNAVAILABLE', `the openai adapter could not act as ${connection.agentName}: ${registered.text}`);
    }
    const listed = await client.listTools();
    tools.#definitions = listed.tools
      .filter((tool) => OFFERED.has(tool.name))
      .map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description ?? tool.name, parameters: tool.inputSchema } }));
    return tools;
  }

  get definitions(): readonly ToolDefinition[] {
    return this.#definitions;
  }

  has(name: string): boolean {
    return this.#definitions.some((tool) => tool.function.name === name);
  }

  /** Calls a tool; a refused call is an answer (`ok: false` with the server's message), not an exception. */
  async call(name: string, args: Readonly<Record<string, unknown>>): Promise<ToolAnswer> {
    const result = CallToolResultSchema.parse(await this.#client.callTool({ name, arguments: { ...args } }));
    const text = result.content.map((item) => (item.type === 'text' ? item.text : `[${item.type}]`)).join('\n');
    return { ok: result.isError !== true, text };
  }

  async close(): Promise<void> {
    await this.#client.close().catch(() => undefined);
  }
}
