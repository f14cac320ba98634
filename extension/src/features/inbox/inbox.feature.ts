/**
 * The user's inbox in the editor (issue #15): when the event stream says a notification waits for one of
 * this window's agents (`inbox.notified`), the window takes them (`get_notifications`, which marks them read) and
 * shows each as a toast with the actions that fit (common/inbox-toast.ts): Release, Reply, Open Task, Open,
 * Lock for Me; Reply shows the thread's last messages (`get_thread`) in its input box (common/reply-prompt.ts).
 * On connecting it takes the backlog the same way. A `lock.free` event addressed to the user (Notify Me
 * When Free, recorded on the server by `check_files notify_when_free`) shows the same way.
 * Takes for one agent are coalesced: one request in flight, one more if notifications arrived meanwhile.
 */
import * as vscode from 'vscode';
import type { Notification } from '@agent-coordinator/shared';
import { COMMANDS } from '../../common/commands.ts';
import { errorMessage } from '../../common/coordinator-api.ts';
import type { CoordinatorSession } from '../../common/coordinator-session.ts';
import { freedFor, freeText, INBOX_TOASTS_SHOWN, inboxRecipient, inboxToast, moreText, type InboxAction, type InboxToast } from '../../common/inbox-toast.ts';
import { REPLY_THREAD_SHOWN, replyPrompt } from '../../common/reply-prompt.ts';
import { uriOf } from '../../platform/workspace.ts';

export interface InboxFeature {
  /** The lines of the toasts shown so far (newest last, bounded): what the tests read. */
  shown(): readonly string[];
}

const SHOWN_KEPT = 50;

export function registerInbox(context: vscode.ExtensionContext, session: CoordinatorSession, log: vscode.LogOutputChannel): InboxFeature {
  const shown: string[] = [];
  const inFlight = new Map<string, { again: boolean }>();
  /** Agents whose backlog was taken since the connection came up. */
  const caughtUp = new Set<string>();

  const act = async (toast: InboxToast, pick: InboxAction | undefined): Promise<void> => {
    switch (pick) {
      case 'Release': {
        const result = await session.api.release_files.mutate({ paths: [...toast.paths], agent_id: toast.agentId });
        log.info(`released ${result.released.join(', ')} on request`);
        return;
      }
      case 'Reply': {
        const threadId = toast.threadId;
        if (!threadId) return;
        const thread = await session.api.get_thread.query({ thread_id: threadId, limit: REPLY_THREAD_SHOWN, agent_id: toast.agentId }).catch((error: unknown) => {
          log.warn(`inbox: reading thread ${threadId} failed, replying without it: ${String(error)}`);
          return null;
        });
        const { title, prompt } = replyPrompt(thread, toast.text, toast.agentId);
        const body = await vscode.window.showInputBox({ title, prompt, placeHolder: 'Your answer (goes to the same thread)' });
        if (!body?.trim()) return;
        const sent = await session.api.send_message.mutate({ reply_to: threadId, body, agent_id: toast.agentId });
        log.info(`replied in thread ${sent.thread_id} to ${sent.recipients.map((r) => r.name).join(', ')}`);
        return;
      }
      case 'Open Task':
        if (toast.task) await vscode.commands.executeCommand(COMMANDS.openTask, toast.task);
        return;
      case 'Open':
        for (const path of toast.paths) {
          const uri = await uriOf(path);
          if (uri) await vscode.window.showTextDocument(uri, { preview: false });
        }
        return;
      case 'Lock for Me':
        await vscode.commands.executeCommand(COMMANDS.lockFile, [...toast.paths]);
        return;
      case undefined:
        return;
    }
  };

  const show = (toast: InboxToast): void => {
    shown.push(toast.text);
    if (shown.length > SHOWN_KEPT) shown.splice(0, shown.length - SHOWN_KEPT);
    const text = `Agent Coordinator: ${toast.text}`;
    const pending = toast.warning ? vscode.window.showWarningMessage(text, ...toast.actions) : vscode.window.showInformationMessage(text, ...toast.actions);
    void Promise.resolve(pending)
      .then((pick) => act(toast, pick))
      .catch((error: unknown) => {
        log.error(`inbox action failed: ${String(error)}`);
        void vscode.window.showErrorMessage(`Agent Coordinator: ${errorMessage(error)}`);
      });
  };

  const present = (agentId: string, notifications: readonly Notification[]): void => {
    notifications.forEach((n, i) => {
      log.info(`inbox: ${n.kind}: ${n.summary}`);
      if (i < INBOX_TOASTS_SHOWN) show(inboxToast(n, agentId, session.state.locks));
    });
    const more = moreText(notifications.length);
    if (more) void vscode.window.showInformationMessage(`Agent Coordinator: ${more}`, 'Show Log').then((pick) => pick && vscode.commands.executeCommand(COMMANDS.showLog));
  };

  const take = async (agentId: string): Promise<void> => {
    const running = inFlight.get(agentId);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: true };
    inFlight.set(agentId, entry);
    try {
      while (entry.again) {
        entry.again = false;
        const result = await session.api.get_notifications.mutate({ agent_id: agentId });
        present(agentId, result.notifications);
        if (result.unread_left > 0) entry.again = true;
      }
    } catch (error) {
      log.warn(`inbox: taking notifications failed: ${String(error)}`);
    } finally {
      inFlight.delete(agentId);
    }
  };

  const catchUp = (): void => {
    if (session.connection.status.kind !== 'connected') return;
    for (const id of session.selfIds) {
      if (caughtUp.has(id)) continue;
      caughtUp.add(id);
      void take(id);
    }
  };

  context.subscriptions.push(
    session.connection.onDidReceive((message) => {
      const recipient = inboxRecipient(message, session.selfIds);
      if (recipient) void take(recipient);
      const freed = freedFor(message, session.selfIds);
      if (freed.length > 0 && message.type === 'lock.free') {
        log.info(`${freed.join(', ')} free now (you asked to be told)`);
        show({ notificationId: `lock.free:${message.id}`, text: freeText(freed), warning: false, actions: ['Open', 'Lock for Me'], agentId: message.agent_id, paths: freed, task: null, threadId: null });
      }
    }),
    session.connection.onDidChangeStatus((status) => {
      if (status.kind === 'connected') catchUp();
      else caughtUp.clear();
    }),
    session.onDidChangeIdentity(catchUp),
  );
  return { shown: () => [...shown] };
}
