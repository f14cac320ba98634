/**
 * What the guard remembers about files (migration m002): each agent's base (the content hash it last
 * saw) and each path's last reported write. Hashes are nullable: null records that the file was absent.
 * Bases belong to an agent, and so to its project; writes are per project and path.
 */
import type { Sql } from '../../db/database.ts';
import { isoTime, text, textOrNull } from '../../db/row-values.ts';

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
    const rows = await sql.query(`select path, content_hash, recorded_at from file_bases where agent_id = $1 and path = any($2::text[])`, [agentId, [...paths]]);
    return new Map(rows.map((r) => [text(r['path']), { hash: textOrNull(r['content_hash']), recordedAt: isoTime(r['recorded_at']) }]));
  }

  async recordBases(sql: Sql, agentId: string, hashes: Readonly<Record<string, string | null>>): Promise<void> {
    const entries = Object.entries(hashes);
    if (entries.length === 0) return;
    await sql.query(
      `insert into file_bases (agent_id, path, content_hash, recorded_at)
       select $1, path, hash, now() from unnest($2::text[], $3::text[]) as x(path, hash)
       on conflict (agent_id, path) do update set content_hash = excluded.content_hash, recorded_at = excluded.recorded_at`,
      [agentId, entries.map(([p]) => p), entries.map(([, h]) => h)],
    );
  }

  async writes(sql: Sql, project: string, paths: readonly string[]): Promise<Map<string, FileWrite>> {
    if (paths.length === 0) return new Map();
    const rows = await sql.query(
      `select w.path, w.agent_id, a.name as agent_name, w.content_hash, w.written_at
       from file_writes w left join agents a on a.id = w.agent_id where w.project = $2 and w.path = any($1::text[])`,
      [[...paths], project],
    );
    return new Map(
      rows.map((r) => [
        text(r['path']),
        { agentId: textOrNull(r['agent_id']), agentName: textOrNull(r['agent_name']), hash: textOrNull(r['content_hash']), writtenAt: isoTime(r['written_at']) },
      ]),
    );
  }

  async recordWrites(sql: Sql, project: string, agentId: string, hashes: Readonly<Record<string, string | null>>, fencingToken: number | null): Promise<void> {
    const entries = Object.entries(hashes);
    if (entries.length === 0) return;
    await sql.query(
      `insert into file_writes (project, path, agent_id, content_hash, fencing_token, written_at)
       select $5, path, $1, hash, $4, now() from unnest($2::text[], $3::text[]) as x(path, hash)
       on conflict (project, path) do update set agent_id = excluded.agent_id, content_hash = excluded.content_hash,
         fencing_token = excluded.fencing_token, written_at = excluded.written_at`,
      [agentId, entries.map(([p]) => p), entries.map(([, h]) => h), fencingToken, project],
    );
  }
}
