/**
 * Missions: goal containers that tasks belong to, with an owner and the principals (agents and humans)
 * taking part — all of the caller's project. Naming an agent as owner or principal is a reference, not
 * acting as it: any agent of the project may be named.
 */
import {
  CoordinatorError,
  type CreateMissionInputSchema,
  type GetMissionInputSchema,
  type ListMissionsInputSchema,
  type Mission,
  type Parsed,
  type UpdateMissionInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { Database, Sql } from '../../db/database.ts';
import { agentIds } from '../agent/agent-lookup.ts';
import { MissionRepository } from './mission.repository.ts';
import { unknownPlanItem } from './unknown-plan.ts';

const nameTaken = (operation: string, name: string): CoordinatorError =>
  new CoordinatorError('CONFLICT', `${operation}: a mission named "${name}" already exists — pick another name or update that one`, [
    { field: 'name', message: 'already taken' },
  ]);

export class MissionService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #missions = new MissionRepository();

  constructor(db: Database, transactor: Transactor) {
    this.#db = db;
    this.#transactor = transactor;
  }

  createMission(actor: Actor, input: Parsed<typeof CreateMissionInputSchema>): Promise<Mission> {
    return this.#transactor.run(actor.project, async (tx) => {
      const [ownerId = null] = input.owner ? await agentIds(tx, actor, 'create_mission', [input.owner], 'owner') : [];
      const principals = await agentIds(tx, actor, 'create_mission', input.principals, 'principals');
      const id = await this.#missions.insert(tx, actor.project, { name: input.name, description: input.description, status: input.status, ownerId });
      if (!id) throw nameTaken('create_mission', input.name);
      await this.#missions.addPrincipals(tx, id, ownerId ? [ownerId, ...principals] : principals);
      const mission = await this.#require(tx, id);
      tx.emit({ type: 'mission.created', mission });
      return mission;
    });
  }

  updateMission(actor: Actor, input: Parsed<typeof UpdateMissionInputSchema>): Promise<Mission> {
    return this.#transactor.run(actor.project, async (tx) => {
      const id = await this.#missions.resolveId(tx, actor.project, input.mission_id, true);
      if (!id) throw unknownPlanItem('update_mission', 'mission', input.mission_id, 'mission_id');
      let ownerId: string | null | undefined;
      if (input.owner === null) ownerId = null;
      else if (input.owner !== undefined) [ownerId] = await agentIds(tx, actor, 'update_mission', [input.owner], 'owner');
      const added = await agentIds(tx, actor, 'update_mission', input.add_principals ?? [], 'add_principals');
      const removed = await agentIds(tx, actor, 'update_mission', input.remove_principals ?? [], 'remove_principals');
      const renamed = await this.#missions.update(tx, id, { name: input.name, description: input.description, status: input.status, ownerId });
      if (!renamed) throw nameTaken('update_mission', input.name ?? '');
      await this.#missions.removePrincipals(tx, id, removed);
      await this.#missions.addPrincipals(tx, id, ownerId ? [ownerId, ...added] : added);
      const mission = await this.#require(tx, id);
      tx.emit({ type: 'mission.updated', mission });
      return mission;
    });
  }

  async getMission(actor: Actor, input: Parsed<typeof GetMissionInputSchema>): Promise<Mission> {
    const id = await this.#missions.resolveId(this.#db, actor.project, input.mission_id);
    const mission = id ? await this.#missions.get(this.#db, id) : null;
    if (!mission) throw unknownPlanItem('get_mission', 'mission', input.mission_id, 'mission_id');
    return mission;
  }

  listMissions(actor: Actor, input: Parsed<typeof ListMissionsInputSchema> = {}): Promise<Mission[]> {
    return this.#missions.list(this.#db, actor.project, input.status);
  }

  async #require(sql: Sql, id: string): Promise<Mission> {
    const mission = await this.#missions.get(sql, id);
    if (!mission) throw new Error(`mission ${id} vanished inside its own transaction`);
    return mission;
  }
}
