/** The messages toolset over MCP: thin adapters to the message and release-request services, acting as the session's agent. */
import { MESSAGE_TOOLS } from '@agent-coordinator/shared';
import { parseAsAgent, type Handler } from './mcp-tools.ts';

export const MESSAGE_TOOL_HANDLERS: Readonly<Record<keyof typeof MESSAGE_TOOLS, Handler>> = {
  send_message: (s, session, args) => s.messages.sendMessage(session.actor, parseAsAgent(session, MESSAGE_TOOLS.send_message, args)),
  get_thread: (s, session, args) => s.messages.getThread(session.actor, parseAsAgent(session, MESSAGE_TOOLS.get_thread, args)),
  request_release: (s, session, args) => s.releaseRequests.requestRelease(session.actor, parseAsAgent(session, MESSAGE_TOOLS.request_release, args)),
};
