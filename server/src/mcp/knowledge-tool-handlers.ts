/** The knowledge toolset over MCP: thin adapters to the knowledge service, like the core tools. */
import { KNOWLEDGE_TOOLS } from '@agent-coordinator/shared';
import { parseArgs, parseAsAgent, type Handler } from './mcp-tools.ts';

export const KNOWLEDGE_TOOL_HANDLERS: Readonly<Record<keyof typeof KNOWLEDGE_TOOLS, Handler>> = {
  add_knowledge: (s, session, args) => s.knowledge.addKnowledge(session.actor, parseAsAgent(session, KNOWLEDGE_TOOLS.add_knowledge, args)),
  search_knowledge: (s, session, args) => s.knowledge.searchKnowledge(session.actor, parseArgs(KNOWLEDGE_TOOLS.search_knowledge, args)),
};
