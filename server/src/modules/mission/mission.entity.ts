/** Missions and their principals (m003, m006): names are unique within a project. */
import { defineEntity, p } from '@mikro-orm/core';
import type { MissionStatus } from '@agent-coordinator/shared';
import { time } from '../../db/column-types.ts';
import { Agent } from '../agent/agent.entity.ts';

export const Mission = defineEntity({
  name: 'Mission',
  tableName: 'missions',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    name: p.text(),
    description: p.text().default(''),
    status: p.text().$type<MissionStatus>().default('active'),
    owner: () => p.manyToOne(Agent).mapToPk().nullable().deleteRule('set null').foreignKeyName('missions_owner_id_fkey'),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  uniques: [{ name: 'missions_project_name_key', properties: ['project', 'name'] }],
});

export const MissionPrincipal = defineEntity({
  name: 'MissionPrincipal',
  tableName: 'mission_principals',
  properties: {
    mission: () => p.manyToOne(Mission).mapToPk().primary().deleteRule('cascade').foreignKeyName('mission_principals_mission_id_fkey').updateRule('no action'),
    agent: () => p.manyToOne(Agent).mapToPk().primary().deleteRule('cascade').foreignKeyName('mission_principals_agent_id_fkey').updateRule('no action'),
  },
  primaryKeys: ['mission', 'agent'],
  indexes: [{ name: 'mission_principals_agent', properties: ['agent'] }],
});
