/** Agent rows: registration, lookup by id or name within a principal, liveness. */
import { randomUUID } from 'node:crypto';
import type { AgentKind } from '@agent-coordinator/shared';
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import type { Actor } from '../../common/actor.ts';
import { AGENT_COLUMNS } from './agent.rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

export interface TouchedAgent {
  readonly id: string;
  readonly name: string;
  readonly kind: AgentKind;
  readonly capabilities: readonly string[];
  /** It had been marked offline and is back. */
  readonly wasOffline: boolean;
}

export class AgentRepository {
  async upsert(sql: Sql, actor: Actor, name: string, kind: AgentKind, capabilities: readonly string[]): Promise<{ row: Row; resumed: boolean }> {
    const [upserted] = await sql.query(
      `insert into agents (id, principal, name, kind, capabilities) values ($1, $2, $3, $4, $5::text[])
       on conflict (principal, name) do update
         set kind = excluded.kind, capabilities = excluded.capabilities, last_heartbeat_at = now(), offline_at = null
       returning id, (xmax <> 0) as resumed`,
      [randomUUID(), actor.principal, name, kind, [...capabilities]],
    );
    // A data-modifying statement's rows are not visible to other parts of the same statement: read after.
    const row = upserted ? await this.find(sql, actor, String(upserted['id'])) : null;
    if (!row || !upserted) throw new CoordinatorError('INTERNAL', `register_agent: the agent "${name}" was not stored`);
    return { row, resumed: upserted['resumed'] === true };
  }

  async find(sql: Sql, actor: Actor, ref: string): Promise<Row | null> {
    const [row] = await sql.query(
      `select ${AGENT_COLUMNS} from agents a where a.principal = $1 and ${isUuid(ref) ? 'a.id = $2::uuid' : 'a.name = $2'}`,
      [actor.principal, ref],
    );
    return row ?? null;
  }

  /**
   * Resolves references to agents and records that they are alive (any call counts as a heartbeat).
   * Unknown references are absent from the result.
   */
  async touch(sql: Sql, actor: Actor, refs: readonly string[]): Promise<Map<string, TouchedAgent>> {
    const ids = refs.filter(isUuid);
    const names = refs.filter((r) => !isUuid(r));
    const rows = await sql.query(
      `with target as (
         select id, offline_at from agents
         where principal = $1 and (id = any($2::uuid[]) or name = any($3::text[]))
         order by id for update)
       update agents a set last_heartbeat_at = now(), offline_at = null from target
       where a.id = target.id
       returning a.id, a.name, a.kind, a.capabilities, (target.offline_at is not null) as was_offline`,
      [actor.principal, ids, names],
    );
    const byRef = new Map<string, TouchedAgent>();
    for (const row of rows) {
      const agent: TouchedAgent = {
        id: String(row['id']),
        name: String(row['name']),
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
  async renewLocks(sql: Sql, agentId: string): Promise<void> {
    await sql.query(
      `update file_locks set expires_at = now() + make_interval(secs => ttl_seconds) where agent_id = $1 and expires_at > now()`,
      [agentId],
    );
  }

  async list(sql: Sql, actor: Actor): Promise<Row[]> {
    return sql.query(`select ${AGENT_COLUMNS} from agents a where a.principal = $1 order by a.name`, [actor.principal]);
  }
}
