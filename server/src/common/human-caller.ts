/**
 * Decisions only a person may make — approving or rejecting an escalated change, declaring or removing
 * a policy — are refused to agent tokens before anything is looked up, whichever agent the call names:
 * an agent must not approve what a policy escalated, nor lift the rule that stops it. The registered
 * human agent the caller acts as is checked afterwards (`requireHuman`).
 */
import { CoordinatorError } from '@agent-coordinator/shared';
import type { Actor } from './actor.ts';

/** FORBIDDEN `<operation>: <need> — …` when the caller is an agent token. */
export function refuseAgentToken(actor: Actor, operation: string, need: string): void {
  if (actor.agentId === null && actor.role !== 'agent') return;
  throw new CoordinatorError(
    'FORBIDDEN',
    `${operation}: ${need} — an agent token cannot do this; a person does it in the editor or with the agent-coordinator CLI, logged in as themselves`,
    [{ field: 'agent_id', message: 'an agent token is not a human' }],
  );
}
