/**
 * The guard's tables (m002, m006): locks that ended (filled by the `file_locks_record_end` trigger, which
 * stays in the migrations), the content each agent last saw, the last write per path, and the root commit
 * of the repository each project serves.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { safeBigint, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';

export const LockHistory = defineEntity({
  name: 'LockHistory',
  tableName: 'lock_history',
  properties: {
    fencingToken: safeBigint().primary().autoincrement(false),
    lockId: p.uuid(),
    project: p.text(),
    path: p.text(),
    mode: p.text(),
    agentId: p.uuid(),
    taskId: p.uuid().nullable(),
    acquiredAt: time(),
    expiresAt: time(),
    endedAt: time(),
  },
  indexes: [{ name: 'lock_history_path', properties: ['project', 'path', 'endedAt'] }],
});

export const FileBase = defineEntity({
  name: 'FileBase',
  tableName: 'file_bases',
  properties: {
    agent: () => p.manyToOne(Agent).mapToPk().primary().deleteRule('cascade').foreignKeyName('file_bases_agent_id_fkey').updateRule('no action'),
    path: p.text().primary(),
    contentHash: p.text().nullable(),
    recordedAt: time().defaultRaw('now()'),
  },
  primaryKeys: ['agent', 'path'],
});

export const FileWrite = defineEntity({
  name: 'FileWrite',
  tableName: 'file_writes',
  properties: {
    project: p.text().primary(),
    path: p.text().primary(),
    agent: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('file_writes_agent_id_fkey'),
    contentHash: p.text().nullable(),
    fencingToken: safeBigint().nullable(),
    writtenAt: time().defaultRaw('now()'),
  },
  primaryKeys: ['project', 'path'],
});

export const RepositoryIdentity = defineEntity({
  name: 'RepositoryIdentity',
  tableName: 'repository_identity',
  properties: {
    project: p.text().primary(),
    rootCommit: p.text(),
    recordedAt: time().defaultRaw('now()'),
  },
});
