/** Policies declared through the API (m003, m006; the policy file is never stored) and the audit trail of the gate's answers. */
import { defineEntity, p } from '@mikro-orm/core';
import type { PolicyOperation, PolicyOutcome, TaskStatus } from '@agent-coordinator/shared';
import { safeBigint, textList, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';
import { Approval } from '../approval/approval.entity.ts';
import { Task } from '../task/task.entity.ts';

export const PolicyRow = defineEntity({
  name: 'PolicyRow',
  tableName: 'policies',
  properties: {
    project: p.text().primary(),
    name: p.text().primary(),
    definition: p.json<Record<string, unknown>>(),
    declaredBy: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('policies_declared_by_id_fkey'),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  primaryKeys: ['project', 'name'],
});

export const PolicyAudit = defineEntity({
  name: 'PolicyAudit',
  tableName: 'policy_audit',
  properties: {
    // safeBigint like every bigint key: read as a safe integer on both engines.
    id: safeBigint().primary().autoincrement(),
    project: p.text(),
    at: time().defaultRaw('now()'),
    operation: p.text().$type<PolicyOperation>(),
    agent: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('policy_audit_agent_id_fkey'),
    agentName: p.text().nullable(),
    task: () => p.manyToOne(Task).mapToPk().nullable().deleteRule('set null').foreignKeyName('policy_audit_task_id_fkey'),
    taskKey: p.text().nullable(),
    paths: textList(),
    fromStatus: p.text().$type<TaskStatus>().nullable(),
    toStatus: p.text().$type<TaskStatus>().nullable(),
    policy: p.text(),
    outcome: p.text().$type<PolicyOutcome>(),
    message: p.text(),
    approval: () => p.manyToOne(Approval).mapToPk().nullable().deleteRule('set null').foreignKeyName('policy_audit_approval_id_fkey'),
  },
  indexes: [
    { name: 'policy_audit_policy', properties: ['policy', 'id'] },
    { name: 'policy_audit_agent', properties: ['agent', 'id'] },
    { name: 'policy_audit_project', properties: ['project', 'id'] },
  ],
});
