/**
 * The Approvals view: changes a policy escalated wait here until a human approves or rejects them (from
 * the row, or the palette) or they expire unanswered, with the recently decided ones, the policies in
 * force and the audit trail.
 * The pending count is the view's badge; a new request shows a notification, and so does the decision on
 * a request this window made. Approving acts as the user's human agent: the server applies the change
 * for its requester (or says why it no longer can).
 */
import * as vscode from 'vscode';
import type { Approval } from '@agent-coordinator/shared';
import { buildApprovalTree } from '../../common/approval-tree.ts';
import { COMMANDS, VIEWS } from '../../common/commands.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { refOf } from '../../common/view-node.ts';
import { registerCommands } from '../../platform/commands.ts';
import { registerPlanView } from '../../platform/plan-view.ts';

const decisionText = (a: Approval): string => {
  const by = a.decided_by_name ? ` by ${a.decided_by_name}` : '';
  switch (a.status) {
    case 'approved':
      return `approved${by}: ${a.summary}${a.result_note ? ` (${a.result_note})` : ''}`;
    case 'rejected':
      return `rejected${by}: ${a.summary}${a.decision_note ? ` — “${a.decision_note}”` : ''}`;
    case 'failed':
      return `approved${by} but it could no longer be applied: ${a.summary} — ${a.result_note ?? 'no reason given'}`;
    case 'expired':
      return `not answered in time: ${a.summary} — ${a.result_note ?? 'expired'}`;
    case 'pending':
      return `waiting for approval: ${a.summary}`;
  }
};

export function registerApprovalsView(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): void {
  const state = session.plan.state;
  const { view } = registerPlanView(context, session, {
    id: VIEWS.approvals,
    parts: ['approvals', 'policies', 'audit'],
    build: () => buildApprovalTree({ pending: state.pendingApprovals, decided: state.decidedApprovals, policies: state.policies, audit: state.audit, selfIds: session.selfIds }),
  });
  const updateBadge = (): void => {
    const count = state.pendingApprovals.length;
    view.badge = count > 0 ? { value: count, tooltip: `${count} change${count === 1 ? '' : 's'} waiting for a human's approval` } : undefined;
  };
  updateBadge();

  const resolve = async (arg: unknown, verb: string): Promise<Approval | undefined> => {
    const id = refOf(arg)?.approvalId ?? (typeof arg === 'string' ? arg : undefined);
    if (id) return state.approval(id) ?? (await session.api.get_approval.query({ approval_id: id }));
    const pending = state.pendingApprovals;
    if (pending.length === 0) {
      void vscode.window.showInformationMessage('Agent Coordinator: nothing waits for approval.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      pending.map((a) => ({ label: a.summary, description: `${a.policy} · ${a.requester_name ?? ''}`, detail: a.message, approval: a })),
      { title: `Request to ${verb}` },
    );
    return pick?.approval;
  };

  const decide = async (verb: 'approve' | 'reject', arg: unknown, noteArg: unknown): Promise<Approval | undefined> => {
    const approval = await resolve(arg, verb);
    if (!approval) return undefined;
    let note: string | undefined = typeof noteArg === 'string' ? noteArg : undefined;
    if (verb === 'reject' && noteArg === undefined) {
      const typed = await vscode.window.showInputBox({ title: `Reject: ${approval.summary}`, prompt: `Why (optional; ${approval.requester_name ?? 'the requester'} sees it)`, ignoreFocusOut: true });
      if (typed === undefined) return undefined;
      note = typed.trim() || undefined;
    }
    // Only a human may decide: the window's human agent.
    const me = await session.ensureMe();
    const input = { approval_id: approval.approval_id, agent_id: me.agent_id, ...(note ? { note } : {}) };
    const decided = verb === 'approve' ? await session.api.approve_request.mutate(input) : await session.api.reject_request.mutate(input);
    log.info(`${verb}d ${decided.summary}: ${decided.status}${decided.result_note ? ` (${decided.result_note})` : ''}`);
    if (decided.status === 'failed') void vscode.window.showWarningMessage(`Agent Coordinator: ${decisionText(decided)}`);
    return decided;
  };

  const notify = async (approval: Approval): Promise<void> => {
    const who = approval.requester_name ?? 'an agent';
    const what = approval.summary.endsWith(` for ${who}`) ? approval.summary.slice(0, -` for ${who}`.length) : approval.summary;
    const pick = await vscode.window.showInformationMessage(
      `Agent Coordinator: ${who} asks to ${what} — policy ${approval.policy}: ${approval.message}`,
      'Approve',
      'Reject',
      'Show',
    );
    if (pick === 'Approve') await vscode.commands.executeCommand(COMMANDS.approveRequest, approval.approval_id);
    if (pick === 'Reject') await vscode.commands.executeCommand(COMMANDS.rejectRequest, approval.approval_id);
    if (pick === 'Show') await vscode.commands.executeCommand(`${VIEWS.approvals}.focus`);
  };

  context.subscriptions.push(
    session.plan.onDidChange((parts) => {
      if (parts.has('approvals')) updateBadge();
    }),
    session.connection.onDidReceive((message) => {
      if (message.type === 'approval.requested') {
        const a = message.approval;
        // Humans decide; a request this window made itself is not news to it.
        if (a.requester_id !== null && session.selfIds.has(a.requester_id)) return;
        void notify(a).catch((error: unknown) => log.error(`approval notification: ${String(error)}`));
      } else if (message.type === 'approval.decided') {
        const a = message.approval;
        if (a.requester_id === null || !session.selfIds.has(a.requester_id) || (a.decided_by !== null && session.selfIds.has(a.decided_by))) return;
        const text = `Agent Coordinator: your request was ${decisionText(a)}`;
        void (a.status === 'approved' ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text));
      }
    }),
  );

  registerCommands(context, log, {
    [COMMANDS.approveRequest]: (arg?: unknown, note?: unknown) => decide('approve', arg, note),
    [COMMANDS.rejectRequest]: (arg?: unknown, note?: unknown) => decide('reject', arg, note),
  });
}
