/** Sprints: time boxes with a goal; tasks of several missions may share one. Each belongs to a project. */
import {
  CoordinatorError,
  type CreateSprintInputSchema,
  type GetSprintInputSchema,
  type ListSprintsInputSchema,
  type Parsed,
  type Sprint,
  type UpdateSprintInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { Database, Sql } from '../../db/database.ts';
import { unknownPlanItem } from '../mission/unknown-plan.ts';
import { SprintRepository } from './sprint.repository.ts';

/** A bare day means midnight UTC, whatever the database session's time zone. */
const instant = <T extends string | null | undefined>(value: T): T | string => (typeof value === 'string' && value.length === 10 ? `${value}T00:00:00Z` : value);

const nameTaken = (operation: string, name: string): CoordinatorError =>
  new CoordinatorError('CONFLICT', `${operation}: a sprint named "${name}" already exists — pick another name or update that one`, [
    { field: 'name', message: 'already taken' },
  ]);

export class SprintService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #sprints = new SprintRepository();

  constructor(db: Database, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
  }

  createSprint(actor: Actor, input: Parsed<typeof CreateSprintInputSchema>): Promise<Sprint> {
    return this.#transactor.run(actor.project, async (tx) => {
      const id = await this.#sprints.insert(tx, actor.project, input.name, { goal: input.goal, status: input.status, startsAt: instant(input.starts_at), endsAt: instant(input.ends_at) });
      if (!id) throw nameTaken('create_sprint', input.name);
      const sprint = await this.#require(tx, id);
      tx.emit({ type: 'sprint.created', sprint });
      return sprint;
    });
  }

  updateSprint(actor: Actor, input: Parsed<typeof UpdateSprintInputSchema>): Promise<Sprint> {
    return this.#transactor.run(actor.project, async (tx) => {
      const id = await this.#sprints.resolveId(tx, actor.project, input.sprint_id, true);
      if (!id) throw unknownPlanItem('update_sprint', 'sprint', input.sprint_id, 'sprint_id');
      const fields = { name: input.name, goal: input.goal, status: input.status, startsAt: instant(input.starts_at), endsAt: instant(input.ends_at) };
      if (!(await this.#sprints.update(tx, id, fields))) throw nameTaken('update_sprint', input.name ?? '');
      const sprint = await this.#require(tx, id);
      if (sprint.starts_at && sprint.ends_at && Date.parse(sprint.ends_at) < Date.parse(sprint.starts_at)) {
        throw new CoordinatorError('VALIDATION', `update_sprint: ${sprint.name} would end (${sprint.ends_at}) before it starts (${sprint.starts_at})`, [
          { field: 'ends_at', message: 'must not be before starts_at' },
        ]);
      }
      tx.emit({ type: 'sprint.updated', sprint });
      return sprint;
    });
  }

  async getSprint(actor: Actor, input: Parsed<typeof GetSprintInputSchema>): Promise<Sprint> {
    const id = await this.#sprints.resolveId(this.#db, actor.project, input.sprint_id);
    const sprint = id ? await this.#sprints.get(this.#db, id) : null;
    if (!sprint) throw unknownPlanItem('get_sprint', 'sprint', input.sprint_id, 'sprint_id');
    return sprint;
  }

  listSprints(actor: Actor, input: Parsed<typeof ListSprintsInputSchema> = {}): Promise<Sprint[]> {
    return this.#sprints.list(this.#db, actor.project, input.status);
  }

  async #require(sql: Sql, id: string): Promise<Sprint> {
    const sprint = await this.#sprints.get(sql, id);
    if (!sprint) throw new Error(`sprint ${id} vanished inside its own transaction`);
    return sprint;
  }
}
