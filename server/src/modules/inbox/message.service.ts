/**
 * Messages between principals (agents and humans — a human is an agent of kind human). A message goes
 * to exactly one of: an agent (`to`), a task's thread (`task_id`: its claimant and assignee and whoever
 * wrote in it before), a mission's principals (`mission_id`), or an existing thread (`reply_to`: everyone
 * who took part). Each recipient gets a `message` notification carrying the thread id to answer in.
 *
 * Everything is resolved in the sender's project: an agent, task, mission or thread of another project is
 * NOT_FOUND, exactly like one that does not exist. A thread is read whole (`thread`, get_thread) by its
 * participants only. Senders are rate-limited (INBOX_LIMITS, counted in the
 * database so every replica shares the count), before the transaction so a refused send counts too.
 */
import {
  CoordinatorError,
  INBOX_LIMITS,
  type GetThreadInputSchema,
  type GetThreadResult,
  type Parsed,
  type SendMessageInputSchema,
  type SendMessageResult,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Sql } from '../../db/database.ts';
import { actingRef } from '../agent/agent-ref.ts';
import { findAgent, requireAgent, type KnownAgent } from '../agent/agent-lookup.ts';
import { RateLimiter } from '../auth/rate-limiter.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { MissionRepository } from '../mission/mission.repository.ts';
import { InboxRepository } from './inbox.repository.ts';
import type { InboxService } from './inbox.service.ts';

const OPERATION = 'send_message';
const TARGETS = ['to', 'task_id', 'mission_id', 'reply_to'] as const;

interface Delivery {
  readonly recipientIds: readonly string[];
  readonly threadId: string | null;
  readonly taskId: string | null;
  readonly missionId: string | null;
  /** " on T-4", " in mission launch", "": where the message was written, for the summary. */
  readonly where: string;
}

const notFound = (field: string, what: string): CoordinatorError =>
  new CoordinatorError('NOT_FOUND', `${OPERATION}: no ${what} in this project — check the ${field} you gave`, [{ field, message: `unknown ${field}` }]);

const preview = (body: string): string => {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
};

export class MessageService {
  readonly #db: Sql;
  readonly #transactor: Transactor;
  readonly #inbox: InboxService;
  readonly #messages = new InboxRepository();
  readonly #tasks = new TaskRepository();
  readonly #missions = new MissionRepository();
  readonly #limiter: RateLimiter;

  constructor(db: Sql, transactor: Transactor, inbox: InboxService, limit: { readonly perWindow: number; readonly windowSeconds: number } = { perWindow: INBOX_LIMITS.messagesPerWindow, windowSeconds: INBOX_LIMITS.messageWindowSeconds }) {
    this.#db = db;
    this.#transactor = transactor;
    this.#inbox = inbox;
    this.#limiter = new RateLimiter('message/sender', limit.perWindow, limit.windowSeconds);
  }

  async sendMessage(actor: Actor, input: Parsed<typeof SendMessageInputSchema>): Promise<SendMessageResult> {
    const given = TARGETS.filter((field) => input[field] !== undefined);
    if (given.length !== 1) {
      const message =
        given.length === 0 ? 'say where the message goes: to (an agent), task_id, mission_id or reply_to (a thread_id)' : `give only one of ${given.join(', ')}`;
      throw new CoordinatorError('VALIDATION', `${OPERATION}: ${message}`, (given.length === 0 ? TARGETS : given).map((field) => ({ field, message: 'exactly one of to, task_id, mission_id, reply_to' })));
    }
    const ref = actingRef(actor, OPERATION, input.agent_id);
    const sender = await requireAgent(this.#db, actor, OPERATION, ref);
    await this.#limiter.take(this.#db, OPERATION, `${actor.project}/${sender.id}`);
    return this.#transactor.run(actor.project, async (tx) => {
      await requireAgent(tx, actor, OPERATION, ref); // records an admin's override with the message
      const delivery = await this.#deliveryOf(tx, actor, input, sender);
      const { messageId, threadId } = await this.#messages.insertMessage(tx, {
        project: actor.project,
        threadId: delivery.threadId,
        senderId: sender.id,
        senderName: sender.name,
        recipientIds: delivery.recipientIds,
        taskId: delivery.taskId,
        missionId: delivery.missionId,
        body: input.body,
      });
      const recipients: { agent_id: string; name: string }[] = [];
      for (const id of delivery.recipientIds) {
        const agent = await findAgent(tx, actor, id);
        if (!agent) continue;
        recipients.push({ agent_id: agent.id, name: agent.name });
        await this.#inbox.notify(tx, actor.project, agent.id, 'message', {
          summary: `message from ${sender.name}${delivery.where}: ${preview(input.body)}`,
          sender: { id: sender.id, name: sender.name },
          threadId,
          body: input.body,
          details: { message_id: messageId, ...(delivery.taskId ? { task_id: delivery.taskId } : {}), ...(delivery.missionId ? { mission_id: delivery.missionId } : {}) },
        });
      }
      return { message_id: messageId, thread_id: threadId, recipients };
    });
  }

  /** A thread whole, for one of its participants (the same rule as answering it). */
  async getThread(actor: Actor, input: Parsed<typeof GetThreadInputSchema>): Promise<GetThreadResult> {
    const operation = 'get_thread';
    const reader = await requireAgent(this.#db, actor, operation, actingRef(actor, operation, input.agent_id));
    const thread = await this.#messages.thread(this.#db, actor.project, input.thread_id);
    if (!thread) throw new CoordinatorError('NOT_FOUND', `${operation}: no thread "${input.thread_id}" in this project — use a thread_id from a notification or from send_message`, [{ field: 'thread_id', message: 'unknown thread' }]);
    if (!thread.participantIds.includes(reader.id)) {
      throw new CoordinatorError('FORBIDDEN', `${operation}: ${reader.name} takes no part in thread ${thread.threadId} — only its participants read it`, [{ field: 'thread_id', message: 'not a participant' }]);
    }
    const participants: { agent_id: string; name: string }[] = [];
    for (const id of thread.participantIds) {
      const agent = await findAgent(this.#db, actor, id);
      if (agent) participants.push({ agent_id: agent.id, name: agent.name });
    }
    const { messages, earlier } = await this.#messages.threadMessages(this.#db, actor.project, thread.threadId, input.limit);
    return { thread_id: thread.threadId, task_id: thread.taskId, mission_id: thread.missionId, participants, messages, earlier };
  }

  async #deliveryOf(tx: Tx, actor: Actor, input: ReturnType<typeof SendMessageInputSchema.parse>, sender: KnownAgent): Promise<Delivery> {
    const others = (ids: readonly (string | null)[]): string[] => [...new Set(ids.filter((id): id is string => id !== null && id !== sender.id))];
    if (input.to !== undefined) {
      const agent = await findAgent(tx, actor, input.to);
      if (!agent) throw notFound('to', `agent "${input.to}"`);
      if (agent.id === sender.id) throw new CoordinatorError('VALIDATION', `${OPERATION}: you cannot message yourself — name another agent in to`, [{ field: 'to', message: 'the sender itself' }]);
      return { recipientIds: [agent.id], threadId: null, taskId: null, missionId: null, where: '' };
    }
    if (input.task_id !== undefined) {
      const task = await this.#tasks.find(tx, actor.project, input.task_id);
      if (!task) throw notFound('task_id', `task "${input.task_id}"`);
      const thread = await this.#messages.threadOfSubject(tx, actor.project, 'task_id', task.task_id);
      const recipientIds = others([task.claimed_by, task.assignee, ...(thread?.participantIds ?? [])]);
      if (recipientIds.length === 0) throw this.#nobody('task_id', `${task.key} has no claimant, assignee or earlier messages`);
      return { recipientIds, threadId: thread?.threadId ?? null, taskId: task.task_id, missionId: null, where: ` on ${task.key}` };
    }
    if (input.mission_id !== undefined) {
      const missionId = await this.#missions.resolveId(tx, actor.project, input.mission_id);
      const mission = missionId === null ? null : await this.#missions.get(tx, missionId);
      if (!mission) throw notFound('mission_id', `mission "${input.mission_id}"`);
      const thread = await this.#messages.threadOfSubject(tx, actor.project, 'mission_id', mission.mission_id);
      const recipientIds = others([...mission.principals.map((p) => p.agent_id), ...(thread?.participantIds ?? [])]);
      if (recipientIds.length === 0) throw this.#nobody('mission_id', `mission ${mission.name} has no other principals`);
      return { recipientIds, threadId: thread?.threadId ?? null, taskId: null, missionId: mission.mission_id, where: ` in mission ${mission.name}` };
    }
    const threadRef = input.reply_to ?? '';
    const thread = await this.#messages.thread(tx, actor.project, threadRef);
    if (!thread) throw notFound('reply_to', `thread "${threadRef}"`);
    if (!thread.participantIds.includes(sender.id)) {
      throw new CoordinatorError('FORBIDDEN', `${OPERATION}: ${sender.name} took no part in thread ${thread.threadId} — start a new one with to, task_id or mission_id`, [
        { field: 'reply_to', message: 'not a participant' },
      ]);
    }
    return { recipientIds: others(thread.participantIds), threadId: thread.threadId, taskId: thread.taskId, missionId: thread.missionId, where: ' (reply)' };
  }

  #nobody(field: string, why: string): CoordinatorError {
    return new CoordinatorError('VALIDATION', `${OPERATION}: ${why}, so no one would read this — message an agent with to`, [{ field, message: 'no recipients' }]);
  }
}
