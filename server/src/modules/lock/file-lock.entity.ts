/** The `file_locks` table (m001, m006): one row per held lease; its fencing token comes from a sequence. */
import { defineEntity, p } from '@mikro-orm/core';
import type { LockMode } from '@agent-coordinator/shared';
import { safeBigint, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';
import { Task } from '../task/task.entity.ts';

export const FileLock = defineEntity({
  name: 'FileLock',
  tableName: 'file_locks',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    path: p.text(),
    mode: p.text().$type<LockMode>(),
    agent: () => p.manyToOne(Agent).mapToPk().deleteRule('cascade').foreignKeyName('file_locks_agent_id_fkey'),
    task: () => p.manyToOne(Task).mapToPk().nullable().deleteRule('set null').foreignKeyName('file_locks_task_id_fkey'),
    reason: p.text().nullable(),
    ttlSeconds: p.integer(),
    // Defaults to nextval('lock_fencing_seq'): the comparator reads a sequence default as autoincrement.
    fencingToken: safeBigint().autoincrement(),
    acquiredAt: time().defaultRaw('now()'),
    expiresAt: time(),
  },
  indexes: [
    { name: 'file_locks_agent', properties: ['agent'] },
    { name: 'file_locks_task', properties: ['task'] },
    { name: 'file_locks_expires', properties: ['expiresAt'] },
    { name: 'file_locks_project_path', properties: ['project', 'path'] },
  ],
  // Every way a lease ends is recorded in lock_history. The plpgsql function stays in the baseline
  // migrations (m002, m006); the entity names the trigger so the schema comparator keeps it.
  triggers: [
    {
      name: 'file_locks_record_end',
      timing: 'after',
      events: ['delete'],
      expression: 'create trigger file_locks_record_end after delete on file_locks for each row execute function file_locks_record_end()',
    },
  ],
});
