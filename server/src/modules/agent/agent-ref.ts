/** Turning an optional agent reference into one the services can act on, with an error that says what to do. */
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Actor } from '../../common/actor.ts';

export function requireAgentRef(operation: string, ref: string | undefined): string {
  if (ref === undefined || ref === '') {
    throw new CoordinatorError(
      'VALIDATION',
      `${operation}: agent_id is required — call register_agent first (an MCP session then remembers it) or pass agent_id`,
      [{ field: 'agent_id', message: 'required' }],
    );
  }
  return ref;
}

/** The agent a call acts as: the one it names, else an agent token's own agent; VALIDATION when neither. */
export function actingRef(actor: Actor, operation: string, ref: string | undefined): string {
  return requireAgentRef(operation, ref ?? actor.agentId ?? undefined);
}

export const unknownAgent = (operation: string, ref: string): CoordinatorError =>
  new CoordinatorError('NOT_FOUND', `${operation}: no agent "${ref}" — call register_agent first, then use the agent_id it returns`, [
    { field: 'agent_id', message: 'unknown agent' },
  ]);
