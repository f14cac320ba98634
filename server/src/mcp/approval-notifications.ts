/**
 * Pushes the outcome of an escalated change to the MCP session that asked for it: when a human decides
 * an approval whose requester is this session's agent, or it expires unanswered, the client gets a
 * logging notification (`notifications/message`, logger `approvals`) saying approved, rejected, failed or
 * expired, and why; an expired one also says to ask again, since nothing was applied. Clients without a
 * server-to-client stream simply do not receive it; the event stream has it too.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Services } from '../coordinator.ts';
import type { McpSession } from './mcp-tools.ts';
import { whileSessionOpen } from './while-session-open.ts';

export function notifyApprovalOutcomes(services: Services, session: McpSession, server: Server, onError: (error: unknown) => void): void {
  whileSessionOpen(server, onError, async (signal) => {
    for await (const message of services.events.subscribeEvents(session.actor, { types: ['approval.decided'] }, signal)) {
      if (message.type !== 'approval.decided' || session.agentId === undefined || message.approval.requester_id !== session.agentId) continue;
      const a = message.approval;
      const by = a.decided_by_name ? ` by ${a.decided_by_name}` : '';
      const why = a.result_note ?? a.decision_note;
      const text =
        a.status === 'expired'
          ? `approval ${a.approval_id} (${a.summary}) ${why ?? 'expired unanswered'} — repeat the call if you still need the change`
          : `approval ${a.approval_id} (${a.summary}) was ${a.status}${by}${why ? `: ${why}` : ''}`;
      await server
        .sendLoggingMessage({
          level: a.status === 'approved' ? 'notice' : 'warning',
          logger: 'approvals',
          data: { text, approval: a },
        })
        .catch(() => undefined);
    }
  });
}
