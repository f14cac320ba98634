/** The plan (m003, m006): objectives → key results → requirements ↔ tasks, each with a per-server key number. */
import { defineEntity, p } from '@mikro-orm/core';
import { safeBigint, time } from '../../db/column-types.ts';
import { Mission } from '../mission/mission.entity.ts';
import { Task } from '../task/task.entity.ts';

export const Objective = defineEntity({
  name: 'Objective',
  tableName: 'objectives',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    // Defaults to nextval('objective_key_seq'): the comparator reads a sequence default as autoincrement.
    keyNumber: safeBigint().autoincrement().unique('objectives_key_number_key'),
    mission: () => p.manyToOne(Mission).mapToPk().nullable().deleteRule('set null').foreignKeyName('objectives_mission_id_fkey'),
    title: p.text(),
    description: p.text().default(''),
    createdAt: time().defaultRaw('now()'),
  },
});

export const KeyResult = defineEntity({
  name: 'KeyResult',
  tableName: 'key_results',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    // Defaults to nextval('key_result_key_seq'): the comparator reads a sequence default as autoincrement.
    keyNumber: safeBigint().autoincrement().unique('key_results_key_number_key'),
    objective: () => p.manyToOne(Objective).mapToPk().deleteRule('cascade').foreignKeyName('key_results_objective_id_fkey'),
    title: p.text(),
    // Read as a number (the column type converts with runtimeType 'number'); $type says so to the typed statements.
    target: p.double().runtimeType('number').$type<number>(),
    current: p.double().runtimeType('number').$type<number>().default(0),
    unit: p.text().default(''),
    createdAt: time().defaultRaw('now()'),
    updatedAt: time().defaultRaw('now()'),
  },
  indexes: [{ name: 'key_results_objective', properties: ['objective'] }],
});

export const Requirement = defineEntity({
  name: 'Requirement',
  tableName: 'requirements',
  properties: {
    id: p.uuid().primary(),
    project: p.text(),
    // Defaults to nextval('requirement_key_seq'): the comparator reads a sequence default as autoincrement.
    keyNumber: safeBigint().autoincrement().unique('requirements_key_number_key'),
    keyResult: () => p.manyToOne(KeyResult).mapToPk().deleteRule('cascade').foreignKeyName('requirements_key_result_id_fkey'),
    title: p.text(),
    description: p.text().default(''),
    createdAt: time().defaultRaw('now()'),
  },
  indexes: [{ name: 'requirements_key_result', properties: ['keyResult'] }],
});

export const RequirementTask = defineEntity({
  name: 'RequirementTask',
  tableName: 'requirement_tasks',
  properties: {
    requirement: () => p.manyToOne(Requirement).mapToPk().primary().deleteRule('cascade').foreignKeyName('requirement_tasks_requirement_id_fkey').updateRule('no action'),
    task: () => p.manyToOne(Task).mapToPk().primary().deleteRule('cascade').foreignKeyName('requirement_tasks_task_id_fkey').updateRule('no action'),
    createdAt: time().defaultRaw('now()'),
  },
  primaryKeys: ['requirement', 'task'],
  indexes: [{ name: 'requirement_tasks_task', properties: ['task'] }],
});
