/** The `tasks` table and the dependencies between tasks (m001, m003, m006). */
import { defineEntity, p } from '@mikro-orm/core';
import type { Priority, TaskStatus } from '@agent-coordinator/shared';
import { safeBigint, textList, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';
import { Mission } from '../mission/mission.entity.ts';
import { Sprint } from '../sprint/sprint.entity.ts';

export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    // Defaults to nextval('task_key_seq'): the comparator reads a sequence default as autoincrement.
    keyNumber: safeBigint().autoincrement().unique('tasks_key_number_key'),
    title: p.text(),
    description: p.text().default(''),
    priority: p.text().$type<Priority>(),
    priorityRank: p.smallint(),
    status: p.text().$type<TaskStatus>().default('open'),
    capabilities: textList(),
    files: textList(),
    mission: () => p.manyToOne(Mission).mapToPk().nullable().deleteRule('set null').foreignKeyName('tasks_mission_fk'),
    sprint: () => p.manyToOne(Sprint).mapToPk().nullable().deleteRule('set null').foreignKeyName('tasks_sprint_id_fkey'),
    assignee: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('tasks_assignee_id_fkey'),
    claimedBy: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('tasks_claimed_by_id_fkey'),
    claimedAt: time().nullable(),
    progressNote: p.text().nullable(),
    summary: p.text().nullable(),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  indexes: [
    // The claim order, over open tasks only: the index the claim query walks.
    { name: 'tasks_open_queue', expression: `create index tasks_open_queue on tasks (project, priority_rank desc, created_at, key_number) where status = 'open'` },
    { name: 'tasks_inbox', properties: ['assignee'], where: `status = 'open' and assignee_id is not null` },
    { name: 'tasks_claimed_by', properties: ['claimedBy'], where: `status in ('claimed', 'in_progress')` },
    { name: 'tasks_status', properties: ['status'] },
    { name: 'tasks_mission', properties: ['mission', 'status'], where: 'mission_id is not null' },
    { name: 'tasks_sprint', properties: ['sprint', 'status'], where: 'sprint_id is not null' },
  ],
});

export const TaskDependency = defineEntity({
  name: 'TaskDependency',
  tableName: 'task_dependencies',
  properties: {
    task: () => p.manyToOne(Task).mapToPk().primary().deleteRule('cascade').foreignKeyName('task_dependencies_task_id_fkey').updateRule('no action'),
    dependsOn: () => p.manyToOne(Task).mapToPk().primary().deleteRule('cascade').foreignKeyName('task_dependencies_depends_on_id_fkey').updateRule('no action'),
  },
  primaryKeys: ['task', 'dependsOn'],
});
