/** The `runs` table (m009-runs, m012-held-runs): one row per adapter run, live while `starting` or `running`, held while `waiting_approval`. */
import { defineEntity, p } from '@mikro-orm/core';
import type { RunStatus } from '@agent-coordinator/shared';
import { time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';
import { Task } from '../task/task.entity.ts';

export const Run = defineEntity({
  name: 'Run',
  tableName: 'runs',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    adapter: p.text(),
    task: () => p.manyToOne(Task).mapToPk().deleteRule('cascade').foreignKeyName('runs_task_id_fkey'),
    taskKey: p.text(),
    agent: () => p.manyToOne(Agent).mapToPk().deleteRule('cascade').foreignKeyName('runs_agent_id_fkey'),
    agentName: p.text(),
    status: p.text().$type<RunStatus>(),
    pid: p.integer().nullable(),
    serverId: p.text(),
    workspace: p.text(),
    branch: p.text().nullable(),
    logFile: p.text(),
    reason: p.text().nullable(),
    approvalId: p.uuid().nullable(),
    timeLimitSeconds: p.integer().nullable(),
    startedAt: time().defaultRaw('now()'),
    endedAt: time().nullable(),
  },
  checks: [{ name: 'runs_status_check', expression: `status in ('waiting_approval', 'starting', 'running', 'succeeded', 'failed', 'cancelled', 'rejected', 'lost')` }],
  indexes: [
    { name: 'runs_live', properties: ['status'], where: `status in ('starting', 'running')` },
    { name: 'runs_waiting', properties: ['approvalId'], where: `status = 'waiting_approval'` },
    { name: 'runs_project_started', expression: 'create index runs_project_started on runs (project, started_at desc)' },
  ],
});
