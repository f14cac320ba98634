/**
 * One MCP server per session, built on the SDK's low-level Server: tools/list publishes the shared
 * catalogue with JSON Schemas generated from the shared zod schemas, tools/call runs the handler. A
 * failing call is an MCP tool error (`isError`) whose text says what was wrong and what to do next.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CoordinatorError, TOOLS, TOOL_NAMES, type ToolName } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import { TOOL_HANDLERS, type McpSession } from './mcp-tools.ts';
import { asDomainError } from '../common/infrastructure-errors.ts';

export const SERVER_INFO = { name: 'agent-coordinator', version: '0.1.0' } as const;

const INSTRUCTIONS = `AgentCoordinator keeps several agents out of each other's way on one repository.
Call register_agent once, then get_next_task to claim work (its files are locked for you), lock_files before editing other files, complete_task when done. Call heartbeat at least every 30 s while working, or your tasks and locks are released.`;

type JsonObjectSchema = { type: 'object'; [key: string]: unknown };
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObjectSchema =>
  ({ ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }), type: 'object' }) as JsonObjectSchema;

const TOOL_LIST = TOOL_NAMES.map((name) => {
  const tool = TOOLS[name];
  return {
    name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.input, 'input'),
    outputSchema: jsonSchema(tool.output, 'output'),
    annotations: { readOnlyHint: !tool.mutates, destructiveHint: false, idempotentHint: !tool.mutates, openWorldHint: false },
  };
});

const isToolName = (name: string): name is ToolName => Object.hasOwn(TOOLS, name);

export function toolError(error: unknown): CallToolResult {
  const known = asDomainError(error);
  const text = known
    ? `${known.code}: ${known.message}`
    : 'INTERNAL: the coordinator failed to handle this call; it was logged — retry, and report it if it persists';
  return { isError: true, content: [{ type: 'text', text }] };
}

export function createMcpServer(services: Services, session: McpSession, onInternalError: (error: unknown) => void): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOL_LIST }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: args = {} } = request.params;
    if (!isToolName(name)) {
      return toolError(new CoordinatorError('NOT_FOUND', `unknown tool "${name}"; available: ${TOOL_NAMES.join(', ')}`));
    }
    try {
      const result = (await TOOL_HANDLERS[name](services, session, args)) as Record<string, unknown>;
      return { structuredContent: result, content: [{ type: 'text', text: JSON.stringify(result) }] };
    } catch (error) {
      if (!asDomainError(error)) onInternalError(error);
      return toolError(error);
    }
  });
  return server;
}
