/**
 * Agent rows: registration, lookup by id or name within a project, liveness. Statements are typed from
 * the `Agent` entity (agent.entity.ts) through the ORM's Kysely; an agent's derived status is computed
 * (`AGENT_STATUS`, agent.rows.ts) and typed as the status it can only be.
 */
import { randomUUID } from 'node:crypto';
import { sql as raw } from 'kysely';
import type { AgentKind, AgentStatus, RenewedLease } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import { prepared } from '../../db/prepared-statement.ts';
import type { Actor } from '../../common/actor.ts';
import type { OwnedAgent } from './acting-as.ts';
import { AGENT_STATUS, ownedAgentFromRow, type AgentRow } from './agent.rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

export interface TouchedAgent extends OwnedAgent {
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
  /** It had been marked offline and is back. */
  readonly wasOffline: boolean;
}

/** Selects an agent `a` with its derived status: an `AgentRow` (agent.rows.ts). */
const selectAgents = (sql: Sql) =>
  sql.db
    .selectFrom('agents as a')
    .select(['a.id', 'a.name', 'a.kind', 'a.capabilities', 'a.last_heartbeat_at', 'a.owner_account_id', raw.raw<AgentStatus>(AGENT_STATUS).as('status')]);

/** An agent of the project by id or name (a reference that is a uuid is an id). */
const selectAgent = (sql: Sql, project: string, ref: string) =>
  selectAgents(sql)
    .where('a.project', '=', project)
    .where(isUuid(ref) ? 'a.id' : 'a.name', '=', ref);

const now = raw<string>`now()`;

/**
 * Records that agents are alive and reads them back: every request runs it, so it is prepared (built and
 * compiled once). The rows are locked in id order first, so two touches of the same agents never wait on
 * each other in a cycle.
 */
const touchAgents = prepared<{ project: string; ids: string[]; names: string[] }>()((db, p) =>
  db
    .with('target', (cte) =>
      cte
        .selectFrom('agents')
        .select(['id', 'offline_at'])
        .where('project', '=', p.project)
        .where((eb) => eb.or([eb('id', '=', eb.fn.any(eb.val(p.ids))), eb('name', '=', eb.fn.any(eb.val(p.names)))]))
        .orderBy('id')
        .forUpdate(),
    )
    .updateTable('agents as a')
    .set({ last_heartbeat_at: now, offline_at: null })
    .from('target')
    .whereRef('a.id', '=', 'target.id')
    .returning(['a.id', 'a.name', 'a.kind', 'a.capabilities', 'a.owner_account_id', raw<boolean>`(target.offline_at is not null)`.as('was_offline')]),
);

export class AgentRepository {
  /** A new agent owned by the caller's account (none in local mode); null when the name is taken in the project. */
  async insert(sql: Sql, actor: Actor, name: string, kind: AgentKind, capabilities: readonly string[]): Promise<AgentRow | null> {
    const inserted = await sql.db
      .insertInto('agents')
      .values({ id: randomUUID(), project: actor.project, name, kind, capabilities: [...capabilities], owner_account_id: actor.account?.id ?? null })
      .onConflict((conflict) => conflict.columns(['project', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // A data-modifying statement's rows are not visible to other parts of the same statement: read after.
    return inserted ? this.find(sql, actor, inserted.id) : null;
  }

  /** A registration of an existing agent: new kind and capabilities, alive again. */
  async resume(sql: Sql, actor: Actor, id: string, kind: AgentKind, capabilities: readonly string[]): Promise<AgentRow | null> {
    await sql.db
      .updateTable('agents')
      .set({ kind, capabilities: [...capabilities], last_heartbeat_at: now, offline_at: null })
      .where('project', '=', actor.project)
      .where('id', '=', id)
      .execute();
    return this.find(sql, actor, id);
  }

  /** A change of kind and capabilities only (agent-standing.ts); the agent's liveness is untouched. */
  async setStanding(sql: Sql, actor: Actor, id: string, kind: AgentKind, capabilities: readonly string[]): Promise<AgentRow | null> {
    await sql.db.updateTable('agents').set({ kind, capabilities: [...capabilities] }).where('project', '=', actor.project).where('id', '=', id).execute();
    return this.find(sql, actor, id);
  }

  /** Whether a live (unrevoked) agent token stands for the agent. */
  async hasAgentToken(sql: Sql, id: string): Promise<boolean> {
    const row = await sql.db
      .selectNoFrom((eb) =>
        eb.exists(eb.selectFrom('credentials').select(raw`1`.as('one')).where('agent_id', '=', id).where('kind', '=', raw.lit('agent')).where('revoked_at', 'is', null)).as('any'),
      )
      .executeTakeFirst();
    return row?.any === true;
  }

  /** By id or name, its row locked until the transaction ends. */
  async findForUpdate(sql: Sql, actor: Actor, ref: string): Promise<AgentRow | null> {
    return (await selectAgent(sql, actor.project, ref).forUpdate('a').executeTakeFirst()) ?? null;
  }

  async find(sql: Sql, actor: Actor, ref: string): Promise<AgentRow | null> {
    return (await selectAgent(sql, actor.project, ref).executeTakeFirst()) ?? null;
  }

  /** By name only (a name may look like an id), its row locked until the transaction ends. */
  async findByNameForUpdate(sql: Sql, actor: Actor, name: string): Promise<AgentRow | null> {
    const row = await selectAgents(sql).where('a.project', '=', actor.project).where('a.name', '=', name).forUpdate('a').executeTakeFirst();
    return row ?? null;
  }

  /** The agents these references name in `project`, by reference, without touching them; unknown ones are absent. */
  async lookup(sql: Sql, project: string, refs: readonly string[]): Promise<Map<string, OwnedAgent>> {
    if (refs.length === 0) return new Map();
    const rows = await sql.db
      .selectFrom('agents')
      .select(['id', 'name', 'owner_account_id'])
      .where('project', '=', project)
      .where((eb) => eb.or([eb('id', '=', eb.fn.any(eb.val(refs.filter(isUuid)))), eb('name', '=', eb.fn.any(eb.val(refs.filter((r) => !isUuid(r)))))]))
      .execute();
    const byRef = new Map<string, OwnedAgent>();
    for (const row of rows) {
      const agent = ownedAgentFromRow(row);
      byRef.set(agent.id, agent);
      byRef.set(agent.name, agent);
    }
    return byRef;
  }

  /**
   * Resolves references to agents of `project` and records that they are alive (any call counts as a
   * heartbeat). Unknown references are absent from the result.
   */
  async touch(sql: Sql, project: string, refs: readonly string[]): Promise<Map<string, TouchedAgent>> {
    if (refs.length === 0) return new Map();
    const ids = refs.filter(isUuid);
    const names = refs.filter((r) => !isUuid(r));
    const rows = await touchAgents(sql, { project, ids, names });
    const byRef = new Map<string, TouchedAgent>();
    for (const row of rows) {
      const agent: TouchedAgent = {
        ...ownedAgentFromRow(row),
        kind: row.kind,
        capabilities: row.capabilities,
        wasOffline: row.was_offline,
      };
      byRef.set(agent.id, agent);
      byRef.set(agent.name, agent);
    }
    return byRef;
  }

  /** Renews the agent's live leases from now, each by its own ttl; the renewed ones with their new expiry. */
  async renewLocks(sql: Sql, agentId: string): Promise<RenewedLease[]> {
    const rows = await sql.db
      .updateTable('file_locks')
      .set({ expires_at: raw<string>`now() + make_interval(secs => ttl_seconds)` })
      .where('agent_id', '=', agentId)
      .where('expires_at', '>', now)
      .returning(['id', 'expires_at'])
      .execute();
    return rows.map((row) => ({ lock_id: row.id, expires_at: row.expires_at }));
  }

  async list(sql: Sql, actor: Actor): Promise<AgentRow[]> {
    return selectAgents(sql).where('a.project', '=', actor.project).orderBy('a.name').execute();
  }

  /**
   * Agents silent longer than the liveness timeout, marked offline; each is taken by one sweeper only
   * (`for update skip locked`), so two replicas sweeping at once never both release its work.
   */
  async markSilentOffline(sql: Sql, livenessTimeoutSeconds: number): Promise<{ readonly id: string; readonly name: string; readonly project: string }[]> {
    return sql.db
      .updateTable('agents')
      .set({ offline_at: now })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('agents')
          .select('id')
          .where('offline_at', 'is', null)
          .where('last_heartbeat_at', '<', raw<string>`now() - make_interval(secs => ${livenessTimeoutSeconds})`)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'name', 'project'])
      .execute();
  }
}
