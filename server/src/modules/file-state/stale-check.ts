/** check_files with content hashes: which of the caller's files another agent changed since it last saw them. */
import type { ContentHashes, ForeignWrite } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';
import type { Sql } from '../../db/database.ts';
import { AgentRepository } from '../agent/agent.repository.ts';
import { unknownAgent } from '../agent/agent-ref.ts';
import { FileStateRepository } from './file-state.repository.ts';
import { foreignWrite } from './stale-base.ts';

export async function changedSinceSeen(
  sql: Sql,
  actor: Actor,
  operation: string,
  agentRef: string | undefined,
  hashes: ContentHashes | undefined,
): Promise<Map<string, ForeignWrite>> {
  if (agentRef === undefined || hashes === undefined) return new Map();
  const agent = await new AgentRepository().find(sql, actor, agentRef);
  if (!agent) throw unknownAgent(operation, agentRef);
  const agentId = String(agent['id']);
  const files = new FileStateRepository();
  const paths = Object.keys(hashes);
  const bases = await files.bases(sql, agentId, paths);
  const writes = await files.writes(sql, actor.project, paths);
  const changed = new Map<string, ForeignWrite>();
  for (const path of paths) {
    const found = foreignWrite(agentId, hashes[path] ?? null, bases.get(path), writes.get(path));
    if (found) changed.set(path, found);
  }
  return changed;
}
