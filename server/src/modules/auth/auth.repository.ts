/** Accounts, project memberships and credentials (session and agent tokens). */
import { randomUUID } from 'node:crypto';
import type { Account } from '@agent-coordinator/shared';
import type { Row, Sql } from '../../db/database.ts';
import { isoTime, text, textArray, textOrNull } from '../../db/row-values.ts';

const ACCOUNT_COLUMNS = `a.id, a.name, a.role, a.disabled_at, a.created_at,
  coalesce((select array_agg(m.project order by m.project) from project_members m where m.account_id = a.id), '{}') as projects`;

export interface StoredAccount {
  readonly account: Account;
  readonly passwordHash: string;
}

export type StoredCredential =
  | { readonly kind: 'session'; readonly id: string; readonly secretHash: Buffer; readonly accountId: string }
  | { readonly kind: 'agent'; readonly id: string; readonly secretHash: Buffer; readonly agentId: string; readonly agentName: string; readonly project: string };

const accountFromRow = (row: Row): Account => ({
  account_id: text(row['id']),
  name: text(row['name']),
  role: text(row['role']) === 'admin' ? 'admin' : 'member',
  projects: textArray(row['projects']),
  disabled: row['disabled_at'] !== null && row['disabled_at'] !== undefined,
  created_at: isoTime(row['created_at']),
});

export class AuthRepository {
  async anyAccount(sql: Sql): Promise<boolean> {
    const [row] = await sql.query(`select exists (select 1 from accounts) as any`);
    return row?.['any'] === true;
  }

  async insertAccount(sql: Sql, name: string, role: 'admin' | 'member', passwordHash: string): Promise<string | null> {
    const [row] = await sql.query(`insert into accounts (id, name, role, password_hash) values ($1, $2, $3, $4) on conflict (name) do nothing returning id`, [
      randomUUID(),
      name,
      role,
      passwordHash,
    ]);
    return row ? text(row['id']) : null;
  }

  async accountByName(sql: Sql, name: string): Promise<StoredAccount | null> {
    const [row] = await sql.query(`select ${ACCOUNT_COLUMNS}, a.password_hash from accounts a where a.name = $1`, [name]);
    return row ? { account: accountFromRow(row), passwordHash: text(row['password_hash']) } : null;
  }

  async accountById(sql: Sql, id: string): Promise<Account | null> {
    const [row] = await sql.query(`select ${ACCOUNT_COLUMNS} from accounts a where a.id = $1`, [id]);
    return row ? accountFromRow(row) : null;
  }

  async listAccounts(sql: Sql): Promise<Account[]> {
    return (await sql.query(`select ${ACCOUNT_COLUMNS} from accounts a order by a.name`)).map(accountFromRow);
  }

  /**
   * Marks the account disabled and revokes its sessions and the tokens of the agents it registered (an
   * agent token is the account's delegation: it ends with it). Answers how many agent tokens it revoked.
   */
  async disableAccount(sql: Sql, id: string): Promise<number> {
    await sql.query(`update accounts set disabled_at = coalesce(disabled_at, now()) where id = $1`, [id]);
    await sql.query(`update credentials set revoked_at = now() where account_id = $1 and revoked_at is null`, [id]);
    const revoked = await sql.query(
      `update credentials set revoked_at = now()
       where kind = 'agent' and revoked_at is null and agent_id in (select id from agents where owner_account_id = $1) returning id`,
      [id],
    );
    return revoked.length;
  }

  async insertProject(sql: Sql, name: string): Promise<boolean> {
    return (await sql.query(`insert into projects (name) values ($1) on conflict do nothing returning name`, [name])).length > 0;
  }

  async projectExists(sql: Sql, name: string): Promise<boolean> {
    return (await sql.query(`select 1 from projects where name = $1`, [name])).length > 0;
  }

  async listProjects(sql: Sql): Promise<string[]> {
    return (await sql.query(`select name from projects order by name`)).map((r) => text(r['name']));
  }

  async addMember(sql: Sql, project: string, accountId: string): Promise<void> {
    await sql.query(`insert into project_members (project, account_id) values ($1, $2) on conflict do nothing`, [project, accountId]);
  }

  async removeMember(sql: Sql, project: string, accountId: string): Promise<void> {
    await sql.query(`delete from project_members where project = $1 and account_id = $2`, [project, accountId]);
  }

  async insertSession(sql: Sql, id: string, secretHash: Buffer, accountId: string, expiresInHours: number): Promise<string> {
    const [row] = await sql.query(
      `insert into credentials (id, kind, secret_hash, account_id, expires_at)
       values ($1, 'session', decode($2, 'hex'), $3, now() + make_interval(hours => $4)) returning expires_at`,
      [id, secretHash.toString('hex'), accountId, expiresInHours],
    );
    return isoTime(row?.['expires_at']);
  }

  /** Revokes the agent's live tokens, then stores a new one: issuing and rotating are the same step. */
  async replaceAgentToken(sql: Sql, id: string, secretHash: Buffer, agentId: string): Promise<void> {
    await this.revokeAgentTokens(sql, agentId);
    await sql.query(`insert into credentials (id, kind, secret_hash, agent_id) values ($1, 'agent', decode($2, 'hex'), $3)`, [id, secretHash.toString('hex'), agentId]);
  }

  async revokeAgentTokens(sql: Sql, agentId: string): Promise<number> {
    return (await sql.query(`update credentials set revoked_at = now() where agent_id = $1 and revoked_at is null returning id`, [agentId])).length;
  }

  async revokeCredential(sql: Sql, id: string): Promise<void> {
    await sql.query(`update credentials set revoked_at = coalesce(revoked_at, now()) where id = $1`, [id]);
  }

  /**
   * A credential that is neither revoked nor expired, whose account is not disabled; null otherwise. An
   * agent token issued before its owner's account was disabled is dead too, even if disabling did not
   * revoke it (a token issued in the same instant, or one from before disabling revoked agent tokens);
   * one an admin issued afterwards (`token rotate`) is a deliberate handover and works.
   */
  async liveCredential(sql: Sql, id: string): Promise<StoredCredential | null> {
    const [row] = await sql.query(
      `select c.id, c.kind, encode(c.secret_hash, 'hex') as secret_hash, c.account_id, c.agent_id, g.name as agent_name, g.project
       from credentials c
       left join accounts a on a.id = c.account_id
       left join agents g on g.id = c.agent_id
       left join accounts o on o.id = g.owner_account_id
       where c.id = $1 and c.revoked_at is null and (c.expires_at is null or c.expires_at > now())
         and (c.kind = 'agent' or a.disabled_at is null)
         and (c.kind = 'session' or o.disabled_at is null or c.created_at > o.disabled_at)`,
      [id],
    );
    if (!row) return null;
    const secretHash = Buffer.from(text(row['secret_hash']), 'hex');
    if (text(row['kind']) === 'session') return { kind: 'session', id, secretHash, accountId: text(row['account_id']) };
    const project = textOrNull(row['project']);
    if (project === null) return null;
    return { kind: 'agent', id, secretHash, agentId: text(row['agent_id']), agentName: text(row['agent_name']), project };
  }
}
