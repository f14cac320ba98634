/** The `agents` table (m001, m006): one row per registered agent, unique by name within its project. */
import { defineEntity, p } from '@mikro-orm/core';
import type { AgentKind } from '@agent-coordinator/shared';
import { textList, time } from '../../db/column-types.ts';
import { Account } from '../auth/account.entity.ts';

export const Agent = defineEntity({
  name: 'Agent',
  tableName: 'agents',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    name: p.text(),
    kind: p.text().$type<AgentKind>(),
    capabilities: textList(),
    lastHeartbeatAt: time().defaultRaw('now()'),
    offlineAt: time().nullable(),
    createdAt: time().defaultRaw('now()'),
    ownerAccount: () => p.manyToOne(Account).mapToPk().nullable().deleteRule('set null').foreignKeyName('agents_owner_account_id_fkey'),
  },
  uniques: [{ name: 'agents_principal_name_key', properties: ['project', 'name'] }],
});
