/**
 * Traceability: objectives → key results → requirements ↔ tasks, putting tasks into missions and
 * sprints, and the coverage report. Links between requirements and tasks are advisory: they never
 * change what a task may do, except through a policy such as done_requires_requirement. Everything
 * lives in the caller's project: objectives, key results and requirements are created there, and
 * references (ids or keys) to another project's items, missions, sprints or tasks are unknown.
 */
import type {
  AddKeyResultInputSchema,
  AddRequirementInputSchema,
  CoverageReport,
  CreateObjectiveInputSchema,
  GetCoverageInputSchema,
  KeyResult,
  LinkTaskInputSchema,
  LinkTaskResult,
  Objective,
  Parsed,
  PlanTaskInputSchema,
  Requirement,
  Task,
  UpdateKeyResultInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor, Tx } from '../../common/transactor.ts';
import type { Database, Sql } from '../../db/database.ts';
import { MissionRepository } from '../mission/mission.repository.ts';
import { unknownPlanItem } from '../mission/unknown-plan.ts';
import { SprintRepository } from '../sprint/sprint.repository.ts';
import { TaskRepository } from '../task/task.repository.ts';
import { unknownTask } from '../task/task.service.ts';
import { computeCoverage } from './coverage.ts';
import { PlanningRepository } from './planning.repository.ts';

export class PlanningService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #plan = new PlanningRepository();
  readonly #missions = new MissionRepository();
  readonly #sprints = new SprintRepository();
  readonly #tasks = new TaskRepository();

  constructor(db: Database, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
  }

  createObjective(actor: Actor, input: Parsed<typeof CreateObjectiveInputSchema>): Promise<Objective> {
    return this.#transactor.run(actor.project, async (tx) => {
      const missionId = input.mission_id ? await this.#missionId(tx, actor, 'create_objective', input.mission_id) : null;
      const objective = await this.#plan.insertObjective(tx, actor.project, { title: input.title, description: input.description, missionId });
      tx.emit({ type: 'objective.created', objective });
      return objective;
    });
  }

  addKeyResult(actor: Actor, input: Parsed<typeof AddKeyResultInputSchema>): Promise<KeyResult> {
    return this.#transactor.run(actor.project, async (tx) => {
      const objectiveId = await this.#plan.resolve(tx, actor.project, 'objectives', input.objective_id);
      if (!objectiveId) throw unknownPlanItem('add_key_result', 'objective', input.objective_id, 'objective_id');
      const keyResult = await this.#plan.insertKeyResult(tx, actor.project, { objectiveId, title: input.title, target: input.target, current: input.current, unit: input.unit });
      tx.emit({ type: 'key_result.created', key_result: keyResult });
      return keyResult;
    });
  }

  updateKeyResult(actor: Actor, input: Parsed<typeof UpdateKeyResultInputSchema>): Promise<KeyResult> {
    return this.#transactor.run(actor.project, async (tx) => {
      const id = await this.#plan.resolve(tx, actor.project, 'key_results', input.key_result_id);
      if (!id) throw unknownPlanItem('update_key_result', 'key result', input.key_result_id, 'key_result_id');
      const keyResult = await this.#plan.updateKeyResult(tx, id, input);
      tx.emit({ type: 'key_result.updated', key_result: keyResult });
      return keyResult;
    });
  }

  addRequirement(actor: Actor, input: Parsed<typeof AddRequirementInputSchema>): Promise<Requirement> {
    return this.#transactor.run(actor.project, async (tx) => {
      const keyResultId = await this.#plan.resolve(tx, actor.project, 'key_results', input.key_result_id);
      if (!keyResultId) throw unknownPlanItem('add_requirement', 'key result', input.key_result_id, 'key_result_id');
      const requirement = await this.#plan.insertRequirement(tx, actor.project, { keyResultId, title: input.title, description: input.description });
      tx.emit({ type: 'requirement.created', requirement });
      return requirement;
    });
  }

  linkTask(actor: Actor, input: Parsed<typeof LinkTaskInputSchema>): Promise<LinkTaskResult> {
    return this.#relink(actor, 'link_task', input, true);
  }

  unlinkTask(actor: Actor, input: Parsed<typeof LinkTaskInputSchema>): Promise<LinkTaskResult> {
    return this.#relink(actor, 'unlink_task', input, false);
  }

  planTask(actor: Actor, input: Parsed<typeof PlanTaskInputSchema>): Promise<Task> {
    return this.#transactor.run(actor.project, async (tx) => {
      const task = await this.#task(tx, actor, 'plan_task', input.task_id, true);
      const missionId = input.mission_id ? await this.#missionId(tx, actor, 'plan_task', input.mission_id) : input.mission_id;
      let sprintId = input.sprint_id;
      if (input.sprint_id) {
        const found = await this.#sprints.resolveId(tx, actor.project, input.sprint_id);
        if (!found) throw unknownPlanItem('plan_task', 'sprint', input.sprint_id, 'sprint_id');
        sprintId = found;
      }
      await this.#plan.setTaskPlan(tx, task.task_id, { missionId, sprintId });
      const updated = await this.#tasks.require(tx, task.task_id);
      tx.emit({ type: 'task.updated', task: updated, previous_status: task.status });
      return updated;
    });
  }

  async getCoverage(actor: Actor, input: Parsed<typeof GetCoverageInputSchema> = {}): Promise<CoverageReport> {
    return this.#db.transaction(async (sql) => {
      const missionId = input.mission_id ? await this.#missionId(sql, actor, 'get_coverage', input.mission_id) : null;
      const objectives = await this.#plan.objectives(sql, actor.project, missionId);
      const keyResults = await this.#plan.keyResultsOf(sql, objectives.map((o) => o.objective_id));
      const requirements = await this.#plan.requirementsOf(sql, keyResults.map((k) => k.key_result_id));
      const linked = await this.#plan.linkedTasks(sql, requirements.map((r) => r.requirement_id));
      return computeCoverage(missionId, objectives, keyResults, requirements, linked);
    });
  }

  #relink(actor: Actor, operation: string, input: Parsed<typeof LinkTaskInputSchema>, link: boolean): Promise<LinkTaskResult> {
    return this.#transactor.run(actor.project, async (tx: Tx) => {
      const requirementId = await this.#plan.resolve(tx, actor.project, 'requirements', input.requirement_id);
      if (!requirementId) throw unknownPlanItem(operation, 'requirement', input.requirement_id, 'requirement_id');
      const task = await this.#task(tx, actor, operation, input.task_id);
      const changed = link ? await this.#plan.link(tx, requirementId, task.task_id) : await this.#plan.unlink(tx, requirementId, task.task_id);
      const requirement = await this.#plan.requirement(tx, requirementId);
      if (changed) tx.emit({ type: 'requirement.linked', requirement, task_id: task.task_id, linked: link });
      return { requirement_id: requirementId, requirement_key: requirement.key, task_id: task.task_id, task_key: task.key, changed };
    });
  }

  async #missionId(sql: Sql, actor: Actor, operation: string, ref: string): Promise<string> {
    const id = await this.#missions.resolveId(sql, actor.project, ref);
    if (!id) throw unknownPlanItem(operation, 'mission', ref, 'mission_id');
    return id;
  }

  async #task(sql: Sql, actor: Actor, operation: string, ref: string, forUpdate = false): Promise<Task> {
    const task = await this.#tasks.find(sql, actor.project, ref, forUpdate);
    if (!task) throw unknownTask(operation, ref);
    return task;
  }
}
