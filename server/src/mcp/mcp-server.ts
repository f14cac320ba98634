/**
 * One MCP server per session, built on the SDK's low-level Server: tools/list publishes the shared
 * catalogue with compact JSON Schemas generated from the shared zod schemas, tools/call runs the
 * handler. Results are JSON in a text item (and `structuredContent` for sessions that asked for output
 * schemas). A failing call is an MCP tool error (`isError`) whose text says what was wrong and what to
 * do next.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { CoordinatorError, type ToolsetName } from '@agent-coordinator/shared';
import type { Services } from '../coordinator.ts';
import type { McpSession } from './mcp-tools.ts';
import { policyNotes, toolbox } from './toolsets.ts';
import { notifyApprovalOutcomes } from './approval-notifications.ts';
import { pushInboxNotifications, unreadNote } from './inbox-notifications.ts';
import { asDomainError } from '../common/infrastructure-errors.ts';

export const SERVER_INFO = { name: 'agent-coordinator', version: '0.1.0' } as const;

const INSTRUCTIONS = `AgentCoordinator keeps several agents out of each other's way on one repository.
Call register_agent once, then get_next_task to claim work (its files are locked for you), lock_files before editing other files, complete_task when done. Call heartbeat at least every 30 s while working, or your tasks and locks are released.
While notifications wait for you, each tool result ends with a line saying so: call get_notifications.
Team policies may refuse a change (POLICY_DENIED), warn, or hold it for a human (pending_approval: not applied; you are notified of the decision — do other work meanwhile).`;

/**
 * tools/call as first parsed by the SDK's protocol layer: the method only. With the strict schema there,
 * malformed params (no name, arguments not an object) fail before the Server's own tools/call check and
 * are answered −32603 Internal error; this way that check runs and answers −32602 Invalid params.
 */
const ToolsCallEnvelopeSchema = z.looseObject({ method: z.literal('tools/call') });

export function toolError(error: unknown): CallToolResult {
  const known = asDomainError(error);
  const text = known
    ? `${known.code}: ${known.message}`
    : 'INTERNAL: the coordinator failed to handle this call; it was logged — retry, and report it if it persists';
  return { isError: true, content: [{ type: 'text', text }] };
}

/** What a session asked for at initialize: the toolsets beyond core, and output schemas (see toolsets.ts). */
export interface ListingOptions {
  readonly toolsets: readonly ToolsetName[];
  readonly outputSchemas: boolean;
}

/** Aborts when the session closes, the request is cancelled, or the request's HTTP connection drops. */
function callerGone(session: McpSession, requestId: string | number, signal: AbortSignal): AbortSignal {
  const hangup = session.hangups?.get(requestId);
  return hangup ? AbortSignal.any([signal, hangup]) : signal;
}

export function createMcpServer(
  services: Services,
  session: McpSession,
  onInternalError: (error: unknown) => void,
  listing: ListingOptions = { toolsets: ['core'], outputSchemas: false },
): Server {
  const tools = toolbox(listing.toolsets, listing.outputSchemas);
  const server = new Server(SERVER_INFO, { capabilities: { tools: {}, logging: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...tools.tools] }));
  notifyApprovalOutcomes(services, session, server, onInternalError);
  pushInboxNotifications(services, session, server, onInternalError);
  server.setRequestHandler(ToolsCallEnvelopeSchema, async (envelope, extra): Promise<CallToolResult> => {
    // Already checked by the Server against this schema (invalid params never get here).
    const { name, arguments: args = {} } = CallToolRequestSchema.parse(envelope).params;
    const found = tools.handler(name);
    if ('missing' in found) return toolError(new CoordinatorError('NOT_FOUND', found.missing));
    try {
      const result = (await found.handler(services, session, args, callerGone(session, extra.requestId, extra.signal))) as Record<string, unknown>;
      const unread = await unreadNote(services, session, name).catch((error: unknown) => {
        onInternalError(error);
        return [];
      });
      const content: CallToolResult['content'] = [{ type: 'text', text: JSON.stringify(result) }, ...policyNotes(result), ...unread];
      // Without an output schema the JSON text is the result; structuredContent would only repeat it.
      return tools.outputSchemas ? { structuredContent: result, content } : { content };
    } catch (error) {
      if (!asDomainError(error)) onInternalError(error);
      return toolError(error);
    }
  });
  return server;
}
