/**
 * Accounts, projects and who belongs to which (m006), credentials (session and agent tokens, only a hash
 * of the secret), and the rate-limit windows the replicas share (m008).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { time } from '../../db/column-types.ts';

export const Project = defineEntity({
  name: 'Project',
  tableName: 'projects',
  properties: {
    name: p.text().primary(),
    createdAt: time().defaultRaw('now()'),
  },
});

export const Account = defineEntity({
  name: 'Account',
  tableName: 'accounts',
  properties: {
    id: p.uuid().primary(),
    name: p.text().unique('accounts_name_key'),
    role: p.text().$type<'admin' | 'member'>(),
    passwordHash: p.text(),
    createdAt: time().defaultRaw('now()'),
    disabledAt: time().nullable(),
  },
  checks: [{ name: 'accounts_role_check', expression: `role in ('admin', 'member')` }],
});

export const ProjectMember = defineEntity({
  name: 'ProjectMember',
  tableName: 'project_members',
  properties: {
    project: () => p.manyToOne(Project).mapToPk().primary().fieldName('project').deleteRule('cascade').foreignKeyName('project_members_project_fkey').updateRule('no action'),
    account: () => p.manyToOne(Account).mapToPk().primary().deleteRule('cascade').foreignKeyName('project_members_account_id_fkey').updateRule('no action'),
  },
  primaryKeys: ['project', 'account'],
  indexes: [{ name: 'project_members_account', properties: ['account'] }],
});

export const RateLimitWindow = defineEntity({
  name: 'RateLimitWindow',
  tableName: 'rate_limit_windows',
  properties: {
    scope: p.text().primary(),
    key: p.text().primary(),
    windowStart: time(),
    count: p.integer(),
  },
  primaryKeys: ['scope', 'key'],
  indexes: [{ name: 'rate_limit_windows_start', properties: ['windowStart'] }],
});
