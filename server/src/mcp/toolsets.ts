/**
 * Which tools an MCP session sees. The core catalogue always; the planning and policy toolsets when the
 * session asks for them at initialize (`/mcp?toolsets=planning,policy`, or `all`): tool definitions are
 * context an agent pays for on every turn, so nobody carries tools they do not use.
 *
 * Also what a result says besides its JSON: policy warnings and a pending approval get a text item of
 * their own, so an agent reading only text cannot miss them.
 */
import type { TextContent } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ALL_TOOLS, TOOLSETS, type ToolDefinition, type ToolsetName } from '@agent-coordinator/shared';
import { TOOL_HANDLERS, type Handler } from './mcp-tools.ts';
import { PLANNING_TOOL_HANDLERS, POLICY_TOOL_HANDLERS } from './planning-tool-handlers.ts';
import { KNOWLEDGE_TOOL_HANDLERS } from './knowledge-tool-handlers.ts';

type JsonObjectSchema = { type: 'object'; [key: string]: unknown };
export const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObjectSchema =>
  ({ ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }), type: 'object' }) as JsonObjectSchema;

const HANDLERS: Readonly<Record<ToolsetName, Readonly<Record<string, Handler>>>> = {
  core: TOOL_HANDLERS,
  planning: PLANNING_TOOL_HANDLERS,
  policy: POLICY_TOOL_HANDLERS,
  knowledge: KNOWLEDGE_TOOL_HANDLERS,
};

const describe = (tool: ToolDefinition) => ({
  name: tool.name,
  title: tool.title,
  description: tool.description,
  inputSchema: jsonSchema(tool.input, 'input'),
  outputSchema: jsonSchema(tool.output, 'output'),
  annotations: { readOnlyHint: !tool.mutates, destructiveHint: false, idempotentHint: !tool.mutates, openWorldHint: false },
});
export type ListedTool = ReturnType<typeof describe>;

const listed = new Map<ToolsetName, readonly ListedTool[]>();
function listOf(toolset: ToolsetName): readonly ListedTool[] {
  let tools = listed.get(toolset);
  if (!tools) {
    tools = Object.values<ToolDefinition>(TOOLSETS[toolset]).map(describe);
    listed.set(toolset, tools);
  }
  return tools;
}

export interface Toolbox {
  readonly tools: readonly ListedTool[];
  /** The handler of an enabled tool, or a message saying why there is none. */
  handler(name: string): { readonly handler: Handler } | { readonly missing: string };
}

export function toolbox(toolsets: readonly ToolsetName[]): Toolbox {
  const enabled: ToolsetName[] = ['core', ...toolsets.filter((t) => t !== 'core')];
  const tools = enabled.flatMap(listOf);
  return {
    tools,
    handler(name) {
      for (const toolset of enabled) {
        const handler = HANDLERS[toolset][name];
        if (handler && Object.hasOwn(HANDLERS[toolset], name)) return { handler };
      }
      const home = (Object.keys(TOOLSETS) as ToolsetName[]).find((t) => Object.hasOwn(TOOLSETS[t], name));
      if (home && Object.hasOwn(ALL_TOOLS, name)) {
        return { missing: `tool "${name}" is in the ${home} toolset, not enabled for this session — connect to /mcp?toolsets=${home}` };
      }
      return { missing: `unknown tool "${name}"; available: ${tools.map((t) => t.name).join(', ')}` };
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Text items for what policies said about the call: warnings, and a change waiting for approval. */
export function policyNotes(result: unknown): TextContent[] {
  if (!isRecord(result)) return [];
  const notes: string[] = [];
  const warnings = result['warnings'];
  if (Array.isArray(warnings)) for (const w of warnings) notes.push(`WARNING: ${String(w)}`); // a policy's (`<policy>: …`) or advice (possible duplicate)
  const pending = [result['pending_approval'], ...(Array.isArray(result['pending_approvals']) ? result['pending_approvals'] : [])].filter(isRecord);
  for (const p of pending) {
    notes.push(
      `PENDING APPROVAL ${String(p['approval_id'])}: policy ${String(p['policy'])}: ${String(p['message'])} — the change was not applied; a human approves or rejects it and you are notified (event approval.decided). Meanwhile, work on something else.`,
    );
  }
  return notes.map((text) => ({ type: 'text', text }));
}
