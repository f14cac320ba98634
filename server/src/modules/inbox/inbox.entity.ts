/**
 * The inbox's two tables as MikroORM entities, the schema of record beside migration m011-inbox:
 * `notifications` (one row per recipient and event; read or not) and `messages` (one row per message,
 * its recipients listed, grouped by thread). The recipient's deletion cascades; senders are kept by id
 * and name (a message outlives its sender's registration).
 */
import { defineEntity, p } from '@mikro-orm/core';
import type { NotificationKind } from '@agent-coordinator/shared';
import { TextListType, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';

export const NotificationEntity = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    recipient: () => p.manyToOne(Agent).mapToPk().deleteRule('cascade').foreignKeyName('notifications_recipient_id_fkey'),
    kind: p.text().$type<NotificationKind>(),
    summary: p.text(),
    senderId: p.uuid().nullable(),
    senderName: p.text().nullable(),
    threadId: p.uuid().nullable(),
    body: p.text().nullable(),
    details: p.json<Record<string, unknown>>(),
    createdAt: time().defaultRaw('clock_timestamp()'),
    readAt: time().nullable(),
  },
  indexes: [
    { name: 'notifications_recipient', properties: ['recipient', 'createdAt'] },
    { name: 'notifications_unread', properties: ['recipient'], where: 'read_at is null' },
    { name: 'notifications_created', properties: ['createdAt'] },
  ],
});

export const MessageEntity = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    threadId: p.uuid(),
    senderId: p.uuid(),
    senderName: p.text(),
    recipientIds: p.type(TextListType).columnType('uuid[]'),
    taskId: p.uuid().nullable(),
    missionId: p.uuid().nullable(),
    body: p.text(),
    createdAt: time().defaultRaw('now()'),
  },
  indexes: [
    { name: 'messages_thread', properties: ['threadId'] },
    { name: 'messages_created', properties: ['createdAt'] },
  ],
});

export const INBOX_ENTITIES = [NotificationEntity, MessageEntity] as const;
