/** Agent rows: registration, lookup by id or name within a project, liveness. */
import { randomUUID } from 'node:crypto';
import type { AgentKind, RenewedLease } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import type { Actor } from '../../common/actor.ts';
import { isoTime, text, textOrNull } from '../../db/row-values.ts';
import type { OwnedAgent } from './acting-as.ts';
import { AGENT_COLUMNS, ownedAgentFromRow } from './agent.rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

export interface TouchedAgent extends OwnedAgent {
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
  /** It had been marked offline and is back. */
  readonly wasOffline: boolean;
}

export class AgentRepository {
  /** A new agent owned by the caller's account (none in local mode); null when the name is taken in the project. */
  async insert(sql: Sql, actor: Actor, name: string, kind: AgentKind, capabilities: readonly string[]): Promise<Row | null> {
    const [inserted] = await sql.query(
      `insert into agents (id, project, name, kind, capabilities, owner_account_id) values ($1, $2, $3, $4, $5::text[], $6)
       on conflict (project, name) do nothing returning id`,
      [randomUUID(), actor.project, name, kind, [...capabilities], actor.account?.id ?? null],
    );
    // A data-modifying statement's rows are not visible to other parts of the same statement: read after.
    return inserted ? this.find(sql, actor, String(inserted['id'])) : null;
  }

  /** A registration of an existing agent: new kind and capabilities, alive again. */
  async resume(sql: Sql, actor: Actor, id: string, kind: AgentKind, capabilities: readonly string[]): Promise<Row | null> {
    await sql.query(
      `update agents set kind = $3, capabilities = $4::text[], last_heartbeat_at = now(), offline_at = null where project = $1 and id = $2`,
      [actor.project, id, kind, [...capabilities]],
    );
    return this.find(sql, actor, id);
  }

  /** A change of kind and capabilities only (agent-standing.ts); the agent's liveness is untouched. */
  async setStanding(sql: Sql, actor: Actor, id: string, kind: AgentKind, capabilities: readonly string[]): Promise<Row | null> {
    await sql.query(`update agents set kind = $3, capabilities = $4::text[] where project = $1 and id = $2`, [actor.project, id, kind, [...capabilities]]);
    return this.find(sql, actor, id);
  }

  /** Whether a live (unrevoked) agent token stands for the agent. */
  async hasAgentToken(sql: Sql, id: string): Promise<boolean> {
    const [row] = await sql.query(`select exists (select 1 from credentials where agent_id = $1 and kind = 'agent' and revoked_at is null) as any`, [id]);
    return row?.['any'] === true;
  }

  /** By id or name, its row locked until the transaction ends. */
  async findForUpdate(sql: Sql, actor: Actor, ref: string): Promise<Row | null> {
    const [row] = await sql.query(
      `select ${AGENT_COLUMNS} from agents a where a.project = $1 and ${isUuid(ref) ? 'a.id = $2::uuid' : 'a.name = $2'} for update of a`,
      [actor.project, ref],
    );
    return row ?? null;
  }

  async find(sql: Sql, actor: Actor, ref: string): Promise<Row | null> {
    const [row] = await sql.query(
      `select ${AGENT_COLUMNS} from agents a where a.project = $1 and ${isUuid(ref) ? 'a.id = $2::uuid' : 'a.name = $2'}`,
      [actor.project, ref],
    );
    return row ?? null;
  }

  /** By name only (a name may look like an id), its row locked until the transaction ends. */
  async findByNameForUpdate(sql: Sql, actor: Actor, name: string): Promise<Row | null> {
    const [row] = await sql.query(`select ${AGENT_COLUMNS} from agents a where a.project = $1 and a.name = $2 for update of a`, [actor.project, name]);
    return row ?? null;
  }

  /** The agents these references name in `project`, by reference, without touching them; unknown ones are absent. */
  async lookup(sql: Sql, project: string, refs: readonly string[]): Promise<Map<string, OwnedAgent>> {
    if (refs.length === 0) return new Map();
    const rows = await sql.query(`select id, name, owner_account_id from agents where project = $1 and (id = any($2::uuid[]) or name = any($3::text[]))`, [
      project,
      refs.filter(isUuid),
      refs.filter((r) => !isUuid(r)),
    ]);
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
    const rows = await sql.query(
      `with target as (
         select id, offline_at from agents
         where project = $1 and (id = any($2::uuid[]) or name = any($3::text[]))
         order by id for update)
       update agents a set last_heartbeat_at = now(), offline_at = null from target
       where a.id = target.id
       returning a.id, a.name, a.kind, a.capabilities, a.owner_account_id, (target.offline_at is not null) as was_offline`,
      [project, ids, names],
    );
    const byRef = new Map<string, TouchedAgent>();
    for (const row of rows) {
      const agent: TouchedAgent = {
        id: String(row['id']),
        name: String(row['name']),
        ownerAccountId: textOrNull(row['owner_account_id']),
        kind: String(row['kind']) as AgentKind,
        capabilities: Array.isArray(row['capabilities']) ? row['capabilities'].map(String) : [],
        wasOffline: row['was_offline'] === true,
      };
      byRef.set(agent.id, agent);
      byRef.set(agent.name, agent);
    }
    return byRef;
  }

  /** Extends every live lock of the agent by its own lease length. */
  /** Renews the agent's live leases from now, each by its own ttl; the renewed ones with their new expiry. */
  async renewLocks(sql: Sql, agentId: string): Promise<RenewedLease[]> {
    const rows = await sql.query(
      `update file_locks set expires_at = now() + make_interval(secs => ttl_seconds) where agent_id = $1 and expires_at > now()
       returning id, expires_at`,
      [agentId],
    );
    return rows.map((row) => ({ lock_id: text(row['id']), expires_at: isoTime(row['expires_at']) }));
  }

  async list(sql: Sql, actor: Actor): Promise<Row[]> {
    return sql.query(`select ${AGENT_COLUMNS} from agents a where a.project = $1 order by a.name`, [actor.project]);
  }
}
