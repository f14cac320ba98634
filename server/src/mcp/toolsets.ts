/**
 * Which tools an MCP session sees. The core catalogue always; the planning and policy toolsets when the
 * session asks for them at initialize (`/mcp?toolsets=planning,policy`, or `all`): tool definitions are
 * context an agent pays for on every turn, so nobody carries tools they do not use.
 *
 * What a tool costs in `tools/list` (docs/tool-budget.md): its name, a one-line description saying when
 * to use it, an input schema compacted for the model (compact-schema.ts) and two hints. Output schemas are
 * opt-in (`/mcp?output_schemas=1`): they were three quarters of the list, and every result's JSON is in
 * its text content either way; a session that asks for them also gets `structuredContent` checked against them.
 *
 * Also what a result says besides its JSON: policy warnings and a pending approval get a text item of
 * their own, so an agent reading only text cannot miss them.
 */
import type { TextContent } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ALL_TOOLS, TOOLSETS, compactSchema, type ToolDefinition, type ToolsetName } from '@agent-coordinator/shared';
import type { Handler } from './mcp-tools.ts';
import { TOOLSET_HANDLERS } from './toolset-handlers.ts';

type JsonObjectSchema = { type: 'object'; [key: string]: unknown };
export const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonObjectSchema =>
  ({ ...z.toJSONSchema(schema, { io, unrepresentable: 'any' }), type: 'object' }) as JsonObjectSchema;

export interface ListedTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonObjectSchema;
  readonly outputSchema?: JsonObjectSchema;
  readonly annotations: { readonly readOnlyHint?: boolean; readonly destructiveHint?: boolean; readonly openWorldHint: false };
}

/**
 * No `title` (clients fall back to the name, which says the same), and only the hints that differ from
 * MCP's defaults for this tool: nothing here deletes data a human cannot recreate, nothing reaches outside.
 */
const describe = (tool: ToolDefinition, outputSchemas: boolean): ListedTool => ({
  name: tool.name,
  description: tool.description,
  inputSchema: { ...compactSchema(jsonSchema(tool.input, 'input')), type: 'object' },
  ...(outputSchemas ? { outputSchema: jsonSchema(tool.output, 'output') } : {}),
  annotations: tool.mutates ? { destructiveHint: false, openWorldHint: false } : { readOnlyHint: true, openWorldHint: false },
});

const listed = new Map<string, readonly ListedTool[]>();
function listOf(toolset: ToolsetName, outputSchemas: boolean): readonly ListedTool[] {
  const key = `${toolset}:${outputSchemas}`;
  let tools = listed.get(key);
  if (!tools) {
    tools = Object.values<ToolDefinition>(TOOLSETS[toolset]).map((tool) => describe(tool, outputSchemas));
    listed.set(key, tools);
  }
  return tools;
}

export interface Toolbox {
  readonly tools: readonly ListedTool[];
  /** Whether the tools carry output schemas, so results carry `structuredContent`. */
  readonly outputSchemas: boolean;
  /** The handler of an enabled tool, or a message saying why there is none. */
  handler(name: string): { readonly handler: Handler } | { readonly missing: string };
}

export function toolbox(toolsets: readonly ToolsetName[], outputSchemas = false): Toolbox {
  const enabled: ToolsetName[] = ['core', ...toolsets.filter((t) => t !== 'core')];
  const tools = enabled.flatMap((toolset) => listOf(toolset, outputSchemas));
  return {
    tools,
    outputSchemas,
    handler(name) {
      for (const toolset of enabled) {
        const handler = TOOLSET_HANDLERS[toolset][name];
        if (handler && Object.hasOwn(TOOLSET_HANDLERS[toolset], name)) return { handler };
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
