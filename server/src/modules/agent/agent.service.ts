/**
 * Agents register (or resume by name), keep themselves alive with heartbeats, and are listed — all within
 * the caller's project. A new agent belongs to the account that registered it; resuming an agent and its
 * heartbeat are acting as it (acting-as.ts), reading one or the list is open to the whole project. Its
 * kind and capabilities are changed by its owner or an admin, never by its token (agent-standing.ts).
 */
import type {
  Agent,
  GetAgentInputSchema,
  HeartbeatInputSchema,
  HeartbeatResult,
  Parsed,
  RegisterAgentInputSchema,
  SetAgentInputSchema,
} from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Transactor } from '../../common/transactor.ts';
import type { Database } from '../../db/database.ts';
import { AgentRepository } from './agent.repository.ts';
import { ownedAgentFromRow, standingFromRow, toAgent } from './agent.rows.ts';
import { checkStandingChange, requestedStanding, sameStanding, standingChangedEvent } from './agent-standing.ts';
import { actingRef, unknownAgent } from './agent-ref.ts';
import { actAs, registerAgent } from './acting-agent.ts';
import { renewLeases } from './lease-renewal.ts';

export interface AgentServiceOptions {
  readonly livenessTimeoutSeconds: number;
}

export class AgentService {
  readonly #db: Database;
  readonly #transactor: Transactor;
  readonly #options: AgentServiceOptions;
  readonly #agents = new AgentRepository();

  constructor(db: Database, transactor: Transactor, options: AgentServiceOptions) {
    this.#db = db;
    this.#transactor = transactor;
    this.#options = options;
  }

  registerAgent(actor: Actor, input: Parsed<typeof RegisterAgentInputSchema>): Promise<Agent> {
    return this.#transactor.run(actor.project, async (tx) => {
      const { row, resumed } = await registerAgent(tx, this.#agents, actor, 'register_agent', input);
      const agent = toAgent(row, this.#options.livenessTimeoutSeconds);
      tx.emit({ type: 'agent.registered', agent, resumed });
      if (resumed) await renewLeases(tx, this.#agents, agent);
      return agent;
    });
  }

  /**
   * Changes the agent's kind and/or capabilities, as its owner or an admin (an admin's change of someone
   * else's agent is also an override); audited. Asking for what it already is changes nothing.
   */
  setAgent(actor: Actor, input: Parsed<typeof SetAgentInputSchema>): Promise<Agent> {
    const operation = 'set_agent';
    return this.#transactor.run(actor.project, async (tx) => {
      const existing = await this.#agents.findForUpdate(tx, actor, input.agent_id);
      if (!existing) throw unknownAgent(operation, input.agent_id);
      const owned = ownedAgentFromRow(existing);
      const from = standingFromRow(existing);
      const to = requestedStanding(from, input);
      if (sameStanding(from, to)) return toAgent(existing, this.#options.livenessTimeoutSeconds);
      // An agent token is refused whichever agent it names, saying who may change it instead.
      if (actor.agentId === null) actAs(tx, actor, operation, owned);
      const hasAgentToken = to.kind === 'human' && from.kind !== 'human' && (await this.#agents.hasAgentToken(tx, owned.id));
      checkStandingChange(actor, operation, owned, from, to, { via: 'set', hasAgentToken });
      const row = await this.#agents.setStanding(tx, actor, owned.id, to.kind, to.capabilities);
      if (!row) throw unknownAgent(operation, input.agent_id);
      tx.emit(standingChangedEvent(actor, operation, owned, from, to));
      return toAgent(row, this.#options.livenessTimeoutSeconds);
    });
  }

  heartbeat(actor: Actor, input: Parsed<typeof HeartbeatInputSchema>): Promise<HeartbeatResult> {
    const ref = actingRef(actor, 'heartbeat', input.agent_id);
    return this.#transactor.run(actor.project, async (tx) => {
      const touched = (await this.#agents.touch(tx, actor.project, [ref])).get(ref);
      if (!touched) throw unknownAgent('heartbeat', ref);
      actAs(tx, actor, 'heartbeat', touched);
      const row = await this.#agents.find(tx, actor, touched.id);
      if (!row) throw unknownAgent('heartbeat', ref);
      const agent = toAgent(row, this.#options.livenessTimeoutSeconds);
      if (touched.wasOffline) {
        tx.emit({ type: 'agent.status_changed', agent_id: agent.agent_id, name: agent.name, status: agent.status, reason: 'heartbeat after going offline' });
      }
      await renewLeases(tx, this.#agents, agent);
      return { agent_id: agent.agent_id, status: agent.status, expires_at: agent.expires_at };
    });
  }

  async getAgent(actor: Actor, { agent_id: ref }: Parsed<typeof GetAgentInputSchema>): Promise<Agent> {
    const row = await this.#agents.find(this.#db, actor, ref);
    if (!row) throw unknownAgent('get_agent', ref);
    return toAgent(row, this.#options.livenessTimeoutSeconds);
  }

  async listAgents(actor: Actor): Promise<Agent[]> {
    const rows = await this.#agents.list(this.#db, actor);
    return rows.map((row) => toAgent(row, this.#options.livenessTimeoutSeconds));
  }
}

