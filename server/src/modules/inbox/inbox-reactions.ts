/**
 * Which events put something in someone's inbox, decided in one place: the change that emits the event
 * writes the notification in its own transaction (Transactor.react), so the lock, task and approval
 * modules only record events, as before, and never import the inbox.
 *
 * - `lock.release_requested` → the holder: release_requested, opening a thread with the asker (the
 *   editor's Ask to Release included), so the holder can answer with send_message reply_to.
 * - `approval.decided` → the requester: approval_decided.
 * - `task.created` with an assignee → the assignee: task_assigned.
 * - `task.updated` to done → whoever waits on it (inbox.repository.ts `waitingOn`): dependency_done.
 * - `lock.free` → the agent that asked (check_files notify_when_free): lock_free, one notification per
 *   settle naming every path that became free together. The lock module emits lock.free once (the
 *   replica whose transaction deletes the interest), so the notification is raised once too.
 * Other modules may also call InboxService.notify inside their own transaction.
 */
import type { EventPayload } from '@agent-coordinator/shared';
import type { EventReaction, Tx } from '../../common/transactor.ts';
import type { ScopedPayload } from '../../events/event.repository.ts';
import type { InboxService } from './inbox.service.ts';
import { InboxRepository } from './inbox.repository.ts';

const list = (paths: readonly string[]): string => (paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`);

export function inboxReactions(inbox: InboxService): EventReaction {
  const repository = new InboxRepository();
  const react = async (tx: Tx, project: string, event: EventPayload): Promise<void> => {
    switch (event.type) {
      case 'lock.release_requested': {
        const body = event.message ?? `please release ${list(event.paths)}`;
        const { threadId } = await repository.insertMessage(tx, {
          project,
          threadId: null,
          senderId: event.requested_by_id,
          senderName: event.requested_by,
          recipientIds: [event.holder_id],
          taskId: null,
          missionId: null,
          body,
        });
        await inbox.notify(tx, project, event.holder_id, 'release_requested', {
          summary: `release requested for ${list(event.paths)} by ${event.requested_by}`,
          sender: { id: event.requested_by_id, name: event.requested_by },
          threadId,
          body,
          details: { paths: event.paths },
        });
        return;
      }
      case 'approval.decided': {
        const a = event.approval;
        if (a.requester_id === null) return;
        const by = a.decided_by_name ? ` by ${a.decided_by_name}` : '';
        await inbox.notify(tx, project, a.requester_id, 'approval_decided', {
          summary: `approval ${a.status}${by}: ${a.summary}`,
          sender: a.decided_by && a.decided_by_name ? { id: a.decided_by, name: a.decided_by_name } : null,
          body: a.result_note ?? a.decision_note,
          details: { approval_id: a.approval_id, status: a.status, task_key: a.task_key, paths: a.paths },
        });
        return;
      }
      case 'task.created': {
        const t = event.task;
        if (t.assignee === null) return;
        await inbox.notify(tx, project, t.assignee, 'task_assigned', {
          summary: `task ${t.key} assigned to you: ${t.title}`,
          details: { task_id: t.task_id, task_key: t.key },
        });
        return;
      }
      case 'task.updated': {
        if (event.task.status !== 'done' || event.previous_status === 'done') return;
        for (const waiting of await repository.waitingOn(tx, project, event.task.task_id)) {
          await inbox.notify(tx, project, waiting.agentId, 'dependency_done', {
            summary: `${event.task.key} is done; your ${waiting.taskKey} depended on it`,
            details: { task_id: event.task.task_id, task_key: event.task.key, dependent_key: waiting.taskKey },
          });
        }
        return;
      }
      case 'lock.free': {
        const verb = event.paths.length === 1 ? 'is' : 'are';
        await inbox.notify(tx, project, event.agent_id, 'lock_free', {
          summary: `${list(event.paths)} ${verb} free — lock_files to take ${event.paths.length === 1 ? 'it' : 'them'}`,
          details: { paths: event.paths },
        });
        return;
      }
      default:
        return;
    }
  };
  return async (tx, events: readonly ScopedPayload[]) => {
    for (const { project, payload } of events) if (project !== null) await react(tx.within(project), project, payload);
  };
}
