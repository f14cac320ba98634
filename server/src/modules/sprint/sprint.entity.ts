/** Sprints (m003, m006): names are unique within a project; dates are optional. */
import { defineEntity, p } from '@mikro-orm/core';
import type { SprintStatus } from '@agent-coordinator/shared';
import { time } from '../../db/column-types.ts';

export const Sprint = defineEntity({
  name: 'Sprint',
  tableName: 'sprints',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    name: p.text(),
    goal: p.text().default(''),
    status: p.text().$type<SprintStatus>().default('planned'),
    startsAt: time().nullable(),
    endsAt: time().nullable(),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  uniques: [{ name: 'sprints_project_name_key', properties: ['project', 'name'] }],
});
