/** The approvals queue (m003, m006, m007): a pending approval expires at `expires_at`. */
import { defineEntity, p } from '@mikro-orm/core';
import type { ApprovalStatus, PolicyOperation, TaskStatus } from '@agent-coordinator/shared';
import { textList, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';
import { Task } from '../task/task.entity.ts';

export const Approval = defineEntity({
  name: 'Approval',
  tableName: 'approvals',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    status: p.text().$type<ApprovalStatus>().default('pending'),
    operation: p.text().$type<PolicyOperation>(),
    request: p.json<Record<string, unknown>>(),
    policy: p.text(),
    message: p.text(),
    summary: p.text(),
    requester: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('approvals_requester_id_fkey'),
    task: () => p.manyToOne(Task).mapToPk().nullable().deleteRule('set null').foreignKeyName('approvals_task_id_fkey'),
    paths: textList(),
    toStatus: p.text().$type<TaskStatus>().nullable(),
    decidedBy: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('approvals_decided_by_id_fkey'),
    decisionNote: p.text().nullable(),
    resultNote: p.text().nullable(),
    createdAt: time().defaultRaw('now()'),
    decidedAt: time().nullable(),
    expiresAt: time(),
  },
  indexes: [
    { name: 'approvals_pending', properties: ['createdAt'], where: `status = 'pending'` },
    { name: 'approvals_requester', properties: ['requester', 'status'] },
    { name: 'approvals_project_pending', properties: ['project', 'createdAt'], where: `status = 'pending'` },
    { name: 'approvals_pending_expiry', properties: ['expiresAt'], where: `status = 'pending'` },
  ],
});
