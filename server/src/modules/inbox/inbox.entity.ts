/**
 * The inbox's two tables as MikroORM entities, the schema of record beside migration m011-inbox:
 * `notifications` (one row per recipient and event; read or not) and `messages` (one row per message,
 * its recipients listed, grouped by thread). Agents are referred to by id without a relation: a
 * notification outlives nothing (the agent's deletion cascades in SQL), and the repository speaks SQL.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const NotificationEntity = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    recipientId: p.uuid().fieldName('recipient_id'),
    kind: p.text(),
    summary: p.text(),
    senderId: p.uuid().fieldName('sender_id').nullable(),
    senderName: p.text().fieldName('sender_name').nullable(),
    threadId: p.uuid().fieldName('thread_id').nullable(),
    body: p.text().nullable(),
    details: p.json<Record<string, unknown>>().columnType('jsonb'),
    createdAt: p.datetime().fieldName('created_at').columnType('timestamptz'),
    readAt: p.datetime().fieldName('read_at').columnType('timestamptz').nullable(),
  },
});

export const MessageEntity = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    threadId: p.uuid().fieldName('thread_id'),
    senderId: p.uuid().fieldName('sender_id'),
    senderName: p.text().fieldName('sender_name'),
    recipientIds: p.array().fieldName('recipient_ids').columnType('uuid[]'),
    taskId: p.uuid().fieldName('task_id').nullable(),
    missionId: p.uuid().fieldName('mission_id').nullable(),
    body: p.text(),
    createdAt: p.datetime().fieldName('created_at').columnType('timestamptz'),
  },
});

export const INBOX_ENTITIES = [NotificationEntity, MessageEntity] as const;
