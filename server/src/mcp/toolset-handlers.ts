/**
 * Every tool's handler, by toolset: the one table MCP (toolsets.ts) and REST (rest/operations.ts) both
 * run a tool call through. Typed by toolset, so a toolset added to the catalogue without its handlers
 * fails the type check here.
 */
import type { ToolsetName } from '@agent-coordinator/shared';
import { TOOL_HANDLERS, type Handler } from './mcp-tools.ts';
import { PLANNING_TOOL_HANDLERS, POLICY_TOOL_HANDLERS } from './planning-tool-handlers.ts';
import { KNOWLEDGE_TOOL_HANDLERS } from './knowledge-tool-handlers.ts';
import { MESSAGE_TOOL_HANDLERS } from './message-tool-handlers.ts';
import { RUN_TOOL_HANDLERS } from './run-tool-handlers.ts';

export const TOOLSET_HANDLERS: Readonly<Record<ToolsetName, Readonly<Record<string, Handler>>>> = {
  core: TOOL_HANDLERS,
  planning: PLANNING_TOOL_HANDLERS,
  policy: POLICY_TOOL_HANDLERS,
  knowledge: KNOWLEDGE_TOOL_HANDLERS,
  messages: MESSAGE_TOOL_HANDLERS,
  runs: RUN_TOOL_HANDLERS,
};
