/** The `lock_free_interests` table (m010): who asked to hear when a path is free (check_files notify_when_free). */
import { defineEntity, p } from '@mikro-orm/core';
import { time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';

export const LockFreeInterest = defineEntity({
  name: 'LockFreeInterest',
  tableName: 'lock_free_interests',
  properties: {
    project: p.text().primary(),
    agent: () => p.manyToOne(Agent).mapToPk().primary().deleteRule('cascade').foreignKeyName('lock_free_interests_agent_id_fkey').updateRule('no action'),
    path: p.text().primary(),
    createdAt: time().defaultRaw('now()'),
  },
  primaryKeys: ['project', 'agent', 'path'],
});
