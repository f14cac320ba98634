/**
 * The file state (m002): the content each agent last saw of a path, and the last write per path. Written by
 * the guard (report_write), read by the guard and by check_files (lock module), so it is a module of its
 * own below both (issue #19: modules in one direction).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { safeBigint, time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';

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
