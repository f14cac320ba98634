/** Session tokens (humans) and API tokens (agents), m006: only a hash of the secret is kept. */
import { defineEntity, p } from '@mikro-orm/core';
import { time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';
import { Account } from './account.entity.ts';

export const Credential = defineEntity({
  name: 'Credential',
  tableName: 'credentials',
  properties: {
    id: p.uuid().primary(),
    kind: p.text().$type<'session' | 'agent'>(),
    secretHash: p.blob(),
    account: () => p.manyToOne(Account).mapToPk().nullable().deleteRule('cascade').foreignKeyName('credentials_account_id_fkey'),
    agent: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('cascade').foreignKeyName('credentials_agent_id_fkey'),
    expiresAt: time().nullable(),
    revokedAt: time().nullable(),
    createdAt: time().defaultRaw('now()'),
  },
  checks: [
    { name: 'credentials_kind_check', expression: `kind in ('session', 'agent')` },
    { name: 'credentials_check', expression: `(kind = 'session') = (account_id is not null)` },
    { name: 'credentials_check1', expression: `(kind = 'agent') = (agent_id is not null)` },
  ],
  indexes: [{ name: 'credentials_agent', properties: ['agent'], where: 'revoked_at is null' }],
});
