/**
 * Whether a file changed under an agent: its current content differs from what the agent last saw, and
 * the last write the coordinator was told about is another agent's, made after that. A change nobody
 * reported is not attributed (it may be the agent's own unreported write, a formatter, an editor).
 */
import type { ForeignWrite } from '@agent-coordinator/shared';
import type { FileBase, FileWrite } from './file-state.repository.ts';

export function foreignWrite(agentId: string, current: string | null, base: FileBase | undefined, write: FileWrite | undefined): ForeignWrite | null {
  if (!base || base.hash === current || !write) return null;
  if (write.agentId === agentId || Date.parse(write.writtenAt) <= Date.parse(base.recordedAt)) return null;
  return {
    base_hash: base.hash,
    base_recorded_at: base.recordedAt,
    current_hash: current,
    written_by: write.agentName,
    written_by_id: write.agentId,
    written_at: write.writtenAt,
  };
}
