/** The knowledge toolset over MCP: thin adapters to the knowledge service, like the core tools. */
import type { KNOWLEDGE_TOOLS } from '@agent-coordinator/shared';
import { asAgent, untrusted, type Handler } from './mcp-tools.ts';

export const KNOWLEDGE_TOOL_HANDLERS: Readonly<Record<keyof typeof KNOWLEDGE_TOOLS, Handler>> = {
  add_knowledge: (s, session, args) => s.knowledge.add(session.actor, asAgent(session, args)),
  search_knowledge: (s, session, args) => s.knowledge.search(session.actor, untrusted(args)),
};
