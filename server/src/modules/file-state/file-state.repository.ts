/**
 * What the coordinator remembers about files (migration m002): each agent's base (the content hash it last
 * saw) and each path's last reported write. Hashes are nullable: null records that the file was absent.
 * Bases belong to an agent, and so to its project; writes are per project and path. Statements are typed
 * from the file-state entities (file-state.entity.ts).
 */
import { sql as raw } from 'kysely';
import type { Sql } from '../../db/database.ts';

export interface FileBase {
  readonly hash: string | null;
  readonly recordedAt: string;
}

export interface FileWrite {
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly hash: string | null;
  readonly writtenAt: string;
}

export class FileStateRepository {
  async bases(sql: Sql, agentId: string, paths: readonly string[]): Promise<Map<string, FileBase>> {
    if (paths.length === 0) return new Map();
    const rows = await sql.db
      .selectFrom('file_bases')
      .select(['path', 'content_hash', 'recorded_at'])
      .where('agent_id', '=', agentId)
      .where('path', '=', (eb) => eb.fn.any(eb.val([...paths])))
      .execute();
    return new Map(rows.map((r) => [r.path, { hash: r.content_hash, recordedAt: r.recorded_at }]));
  }

  async recordBases(sql: Sql, agentId: string, hashes: Readonly<Record<string, string | null>>): Promise<void> {
    const entries = Object.entries(hashes);
    if (entries.length === 0) return;
    await sql.db
      .insertInto('file_bases')
      .values(entries.map(([path, hash]) => ({ agent_id: agentId, path, content_hash: hash, recorded_at: raw<string>`now()` })))
      .onConflict((conflict) =>
        conflict.columns(['agent_id', 'path']).doUpdateSet((eb) => ({ content_hash: eb.ref('excluded.content_hash'), recorded_at: eb.ref('excluded.recorded_at') })),
      )
      .execute();
  }

  async writes(sql: Sql, project: string, paths: readonly string[]): Promise<Map<string, FileWrite>> {
    if (paths.length === 0) return new Map();
    const rows = await sql.db
      .selectFrom('file_writes as w')
      .leftJoin('agents as a', 'a.id', 'w.agent_id')
      .select(['w.path', 'w.agent_id', 'a.name as agent_name', 'w.content_hash', 'w.written_at'])
      .where('w.project', '=', project)
      .where('w.path', '=', (eb) => eb.fn.any(eb.val([...paths])))
      .execute();
    return new Map(rows.map((r) => [r.path, { agentId: r.agent_id, agentName: r.agent_name, hash: r.content_hash, writtenAt: r.written_at }]));
  }

  async recordWrites(sql: Sql, project: string, agentId: string, hashes: Readonly<Record<string, string | null>>, fencingToken: number | null): Promise<void> {
    const entries = Object.entries(hashes);
    if (entries.length === 0) return;
    await sql.db
      .insertInto('file_writes')
      .values(
        entries.map(([path, hash]) => ({ project, path, agent_id: agentId, content_hash: hash, fencing_token: fencingToken, written_at: raw<string>`now()` })),
      )
      .onConflict((conflict) =>
        conflict.columns(['project', 'path']).doUpdateSet((eb) => ({
          agent_id: eb.ref('excluded.agent_id'),
          content_hash: eb.ref('excluded.content_hash'),
          fencing_token: eb.ref('excluded.fencing_token'),
          written_at: eb.ref('excluded.written_at'),
        })),
      )
      .execute();
  }
}
