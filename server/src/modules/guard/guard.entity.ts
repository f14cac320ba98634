/**
 * The guard's tables (m002, m006): locks that ended (filled by the `file_locks_record_end` trigger, which
 * stays in the migrations) and the root commit of the repository each project serves. The content each
 * agent last saw and the last write per path are the file-state module's (file-state/file-state.entity.ts).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { safeBigint, time } from '../../db/column-types.ts';

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

export const RepositoryIdentity = defineEntity({
  name: 'RepositoryIdentity',
  tableName: 'repository_identity',
  properties: {
    project: p.text().primary(),
    rootCommit: p.text(),
    recordedAt: time().defaultRaw('now()'),
  },
});
