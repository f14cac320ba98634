/**
 * Accounts, project memberships and credentials (session and agent tokens). Statements are typed from the
 * account and credential entities (account.entity.ts, credential.entity.ts) through the ORM's Kysely. The
 * two that every request of accounts mode runs — the credential presented, and a session's account — are
 * prepared (prepared-statement.ts). A credential's secret hash is bound and read as bytes (`bytea`, a `Buffer`).
 */
import { randomUUID } from 'node:crypto';
import { sql as raw, type Kysely } from 'kysely';
import type { Account } from '@agent-coordinator/shared';
import type { Sql } from '../../db/database.ts';
import type { DB } from '../../db/entities.ts';
import { prepared } from '../../db/prepared-statement.ts';

export interface StoredAccount {
  readonly account: Account;
  readonly passwordHash: string;
}

export type StoredCredential =
  | { readonly kind: 'session'; readonly id: string; readonly secretHash: Uint8Array; readonly accountId: string }
  | { readonly kind: 'agent'; readonly id: string; readonly secretHash: Uint8Array; readonly agentId: string; readonly agentName: string; readonly project: string };

const now = raw<string>`now()`;

/** An account's projects, computed: no column type reads it, and both drivers give a `text[]` as a string list. */
const projectsOf = raw<string[]>`coalesce((select array_agg(m.project order by m.project) from project_members m where m.account_id = a.id), '{}')`;

/** Selects an account `a` with its projects. */
const selectAccounts = (db: Kysely<DB>) => db.selectFrom('accounts as a').select(['a.id', 'a.name', 'a.role', 'a.disabled_at', 'a.created_at', projectsOf.as('projects')]);

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectAccounts>['executeTakeFirstOrThrow']>>;

const toAccount = (row: AccountRow): Account => ({
  account_id: row.id,
  name: row.name,
  role: row.role,
  projects: row.projects,
  disabled: row.disabled_at !== null,
  created_at: row.created_at,
});

// Every request of accounts mode reads its credential, and a session's account: prepared.
const ACCOUNT_BY_ID = prepared<{ id: string }>()((db, p) => selectAccounts(db).where('a.id', '=', p.id));
const LIVE_CREDENTIAL = prepared<{ id: string }>()((db, p) =>
  db
    .selectFrom('credentials as c')
    .leftJoin('accounts as a', 'a.id', 'c.account_id')
    .leftJoin('agents as g', 'g.id', 'c.agent_id')
    .leftJoin('accounts as o', 'o.id', 'g.owner_account_id')
    .select(['c.kind', 'c.secret_hash', 'c.account_id', 'c.agent_id', 'g.name as agent_name', 'g.project'])
    .where('c.id', '=', p.id)
    .where('c.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('c.expires_at', 'is', null), eb('c.expires_at', '>', now)]))
    .where((eb) => eb.or([eb('c.kind', '=', raw.lit('agent')), eb('a.disabled_at', 'is', null)]))
    .where((eb) => eb.or([eb('c.kind', '=', raw.lit('session')), eb('o.disabled_at', 'is', null), eb('c.created_at', '>', eb.ref('o.disabled_at'))])),
);

export class AuthRepository {
  async anyAccount(sql: Sql): Promise<boolean> {
    const row = await sql.db
      .selectNoFrom((eb) => eb.exists(eb.selectFrom('accounts').select(eb.lit(1).as('one'))).as('any'))
      .executeTakeFirst();
    return row?.any === true;
  }

  async insertAccount(sql: Sql, name: string, role: 'admin' | 'member', passwordHash: string): Promise<string | null> {
    const row = await sql.db
      .insertInto('accounts')
      .values({ id: randomUUID(), name, role, password_hash: passwordHash })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async accountByName(sql: Sql, name: string): Promise<StoredAccount | null> {
    const row = await selectAccounts(sql.db).select('a.password_hash').where('a.name', '=', name).executeTakeFirst();
    return row ? { account: toAccount(row), passwordHash: row.password_hash } : null;
  }

  async accountById(sql: Sql, id: string): Promise<Account | null> {
    const [row] = await ACCOUNT_BY_ID(sql, { id });
    return row ? toAccount(row) : null;
  }

  async listAccounts(sql: Sql): Promise<Account[]> {
    return (await selectAccounts(sql.db).orderBy('a.name').execute()).map(toAccount);
  }

  /**
   * Marks the account disabled and revokes its sessions and the tokens of the agents it registered (an
   * agent token is the account's delegation: it ends with it). Answers how many agent tokens it revoked.
   */
  async disableAccount(sql: Sql, id: string): Promise<number> {
    await sql.db
      .updateTable('accounts')
      .set((eb) => ({ disabled_at: eb.fn.coalesce('disabled_at', now) }))
      .where('id', '=', id)
      .execute();
    await sql.db.updateTable('credentials').set({ revoked_at: now }).where('account_id', '=', id).where('revoked_at', 'is', null).execute();
    const revoked = await sql.db
      .updateTable('credentials')
      .set({ revoked_at: now })
      .where('kind', '=', raw.lit('agent'))
      .where('revoked_at', 'is', null)
      .where('agent_id', 'in', (eb) => eb.selectFrom('agents').select('id').where('owner_account_id', '=', id))
      .returning('id')
      .execute();
    return revoked.length;
  }

  async insertProject(sql: Sql, name: string): Promise<boolean> {
    const rows = await sql.db
      .insertInto('projects')
      .values({ name })
      .onConflict((conflict) => conflict.doNothing())
      .returning('name')
      .execute();
    return rows.length > 0;
  }

  async projectExists(sql: Sql, name: string): Promise<boolean> {
    const row = await sql.db.selectFrom('projects').select('name').where('name', '=', name).executeTakeFirst();
    return row !== undefined;
  }

  async listProjects(sql: Sql): Promise<string[]> {
    return (await sql.db.selectFrom('projects').select('name').orderBy('name').execute()).map((row) => row.name);
  }

  async addMember(sql: Sql, project: string, accountId: string): Promise<void> {
    await sql.db
      .insertInto('project_members')
      .values({ project, account_id: accountId })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  async removeMember(sql: Sql, project: string, accountId: string): Promise<void> {
    await sql.db.deleteFrom('project_members').where('project', '=', project).where('account_id', '=', accountId).execute();
  }

  async insertSession(sql: Sql, id: string, secretHash: Buffer, accountId: string, expiresInHours: number): Promise<string> {
    const row = await sql.db
      .insertInto('credentials')
      .values({
        id,
        kind: 'session',
        secret_hash: secretHash,
        account_id: accountId,
        expires_at: raw<string>`now() + make_interval(hours => ${expiresInHours})`,
      })
      .returning('expires_at')
      .executeTakeFirstOrThrow();
    if (row.expires_at === null) throw new Error(`session ${id} stored without an expiry`);
    return row.expires_at;
  }

  /** Revokes the agent's live tokens, then stores a new one: issuing and rotating are the same step. */
  async replaceAgentToken(sql: Sql, id: string, secretHash: Buffer, agentId: string): Promise<void> {
    await this.revokeAgentTokens(sql, agentId);
    await sql.db.insertInto('credentials').values({ id, kind: 'agent', secret_hash: secretHash, agent_id: agentId }).execute();
  }

  async revokeAgentTokens(sql: Sql, agentId: string): Promise<number> {
    const rows = await sql.db.updateTable('credentials').set({ revoked_at: now }).where('agent_id', '=', agentId).where('revoked_at', 'is', null).returning('id').execute();
    return rows.length;
  }

  async revokeCredential(sql: Sql, id: string): Promise<void> {
    await sql.db
      .updateTable('credentials')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', now) }))
      .where('id', '=', id)
      .execute();
  }

  /**
   * A credential that is neither revoked nor expired, whose account is not disabled; null otherwise. An
   * agent token issued before its owner's account was disabled is dead too, even if disabling did not
   * revoke it (a token issued in the same instant, or one from before disabling revoked agent tokens);
   * one an admin issued afterwards (`token rotate`) is a deliberate handover and works.
   */
  async liveCredential(sql: Sql, id: string): Promise<StoredCredential | null> {
    const [row] = await LIVE_CREDENTIAL(sql, { id });
    if (!row) return null;
    if (row.kind === 'session') return row.account_id === null ? null : { kind: 'session', id, secretHash: row.secret_hash, accountId: row.account_id };
    if (row.agent_id === null || row.agent_name === null || row.project === null) return null;
    return { kind: 'agent', id, secretHash: row.secret_hash, agentId: row.agent_id, agentName: row.agent_name, project: row.project };
  }
}
